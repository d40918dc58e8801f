package r1j.dialogue.context;

import r1j.engine.constrain.TokenTrie;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.Engine;

/**
 * The model a conversation service talks to: its tokenizer and template (prompts are rendered and counted
 * here), the context size prompts must fit, and the engine that generates (the server's, shared with every other
 * request, or the CLI's own).
 *
 * @param trie token texts for constrained decoding, built once ({@link TokenTrie#of})
 */
public record DialogueModel(LoadedModel model, int contextSize, Engine engine, TokenTrie trie) {
    public static DialogueModel of(LoadedModel model, int contextSize, Engine engine) {
        return new DialogueModel(model, Math.min(contextSize, model.config().contextLength()), engine,
                TokenTrie.of(model.tokenizer()));
    }
}
