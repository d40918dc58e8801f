package r1j.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import r1j.engine.model.LoadedModel;
import r1j.engine.template.BuiltInTemplates;

/** {@code --chat-template FILE|NAME}, as vLLM and llama.cpp take it: for model files without a template of their own. */
final class ChatTemplateOption {
    @Option(names = "--chat-template", paramLabel = "FILE|NAME",
            description = "Chat template to use instead of the model file's: a Jinja file, or a built-in"
                    + " (deepseek-r1, chatml). Needed for model files that have none.")
    String chatTemplate;

    /** The model at {@code path}, with this option's template when given. */
    LoadedModel load(Path path) throws IOException {
        return LoadedModel.load(path, chatTemplate == null ? null : BuiltInTemplates.resolve(chatTemplate));
    }
}
