package r1j.server.inference;

import java.util.function.BooleanSupplier;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.generate.Generator;
import r1j.engine.generate.TokenSink;

/**
 * Generates one sequence, stopping within a step once {@code cancelled} answers true. The engine's
 * {@link Generator} is one ({@code generator::generate}); tests give the worker a scripted one.
 */
@FunctionalInterface
public interface SequenceGenerator {
    GenerationResult generate(int[] prompt, GenerationSettings settings, TokenSink sink, BooleanSupplier cancelled);
}
