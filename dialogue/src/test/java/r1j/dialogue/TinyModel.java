package r1j.dialogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import r1j.engine.generate.Generator;
import r1j.engine.model.LoadedModel;

/** The tiny random-weight model and one generator, shared by a test class (the generator is not thread-safe). */
public final class TinyModel implements AutoCloseable {
    public final LoadedModel model;
    public final Generator generator;
    public final DialogueModel dialogue;

    public TinyModel(int contextSize) {
        try {
            model = LoadedModel.load(TestFixtures.tinyModel());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator = new Generator(model, 2, contextSize);
        Object guard = new Object();
        dialogue = DialogueModel.of(model, contextSize, (prompt, settings, sink, cancelled) -> {
            synchronized (guard) {
                return generator.generate(prompt, settings, sink, cancelled);
            }
        });
    }

    public DialogueModel with(GenerationFunction f) {
        return new DialogueModel(model, dialogue.contextSize(), f, dialogue.trie());
    }

    @Override
    public void close() {
        generator.close();
        model.close();
    }
}
