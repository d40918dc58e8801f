package r1j.dialogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import r1j.dialogue.context.DialogueModel;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.Engine;
import r1j.testkit.Fixtures;

/** The tiny random-weight model and one engine, shared by a test class. */
public final class TinyModel implements AutoCloseable {
    public final LoadedModel model;
    public final BatchEngine engine;
    public final DialogueModel dialogue;

    public TinyModel(int contextSize) {
        try {
            model = LoadedModel.load(Fixtures.tinyModel());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        engine = BatchEngine.oneAtATime(model, 2, contextSize);
        dialogue = DialogueModel.of(model, contextSize, engine);
    }

    /** The same model generating through {@code engine} (usually one that wraps {@link #engine}). */
    public DialogueModel with(Engine engine) {
        return new DialogueModel(model, dialogue.contextSize(), engine, dialogue.trie());
    }

    @Override
    public void close() {
        engine.close();
        model.close();
    }
}
