package r1j.dialogue;

import r1j.engine.constrain.TokenTrie;
import r1j.engine.model.LoadedModel;

/**
 * The model a conversation service talks to: its tokenizer and template (prompts are rendered and counted
 * here), the context size the generator was built with, and the function that generates.
 *
 * @param trie token texts for constrained decoding, built once ({@link TokenTrie#of})
 */
public record DialogueModel(LoadedModel model, int contextSize, GenerationFunction generate, TokenTrie trie) {
    public static DialogueModel of(LoadedModel model, int contextSize, GenerationFunction generate) {
        return new DialogueModel(model, Math.min(contextSize, model.config().contextLength()), generate,
                TokenTrie.of(model.tokenizer()));
    }
}
