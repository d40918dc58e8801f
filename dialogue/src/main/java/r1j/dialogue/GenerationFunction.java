package r1j.dialogue;

import java.util.function.BooleanSupplier;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.generate.TokenSink;

/**
 * How the dialogue layer runs the model: {@code Generator::generate} in-process, or a server's engine worker.
 * Called for replies, for model tracking (with a constraint in the settings) and for summaries.
 */
@FunctionalInterface
public interface GenerationFunction {
    GenerationResult generate(int[] prompt, GenerationSettings settings, TokenSink sink, BooleanSupplier cancelled);
}
