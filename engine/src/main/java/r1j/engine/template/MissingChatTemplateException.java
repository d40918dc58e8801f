package r1j.engine.template;

/** A chat was asked of a model whose file has no chat template and none was given with {@code --chat-template}. */
public final class MissingChatTemplateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MissingChatTemplateException(String modelName) {
        super("model " + modelName + " has no chat template (no tokenizer.chat_template in the file, no"
                + " chat_template in tokenizer_config.json); start it with --chat-template FILE or one of the built-ins ("
                + String.join(", ", BuiltInTemplates.NAMES) + "), or send raw prompts to /v1/completions");
    }
}
