package r1j.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.EngineStats;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.settings.MaxTokensDefault;
import r1j.engine.speculative.SpeculativeConfig;

/** {@code r1j generate}: completes a raw prompt and streams the text to stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Complete a raw prompt (special tokens parsed; BOS added as the tokenizer asks), streaming to stdout.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    SpeculativeOptions speculative;

    @Mixin
    KernelOptions kernels;

    @Option(names = {"-p", "--prompt"}, required = true, paramLabel = "TEXT",
            description = "The prompt. Escapes \\n and \\t are turned into newline and tab.")
    String prompt;

    @Option(names = "--no-escape", description = "Take the prompt literally (no \\n / \\t processing).")
    boolean noEscape;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SpeculativeConfig spec = speculative.config();
        kernels.apply();
        try (LoadedModel loaded = LoadedModel.load(model.path());
             BatchEngine engine = BatchEngine.oneAtATime(loaded, model.threads, model.contextSize)) {
            System.err.println("r1j: kernels " + loaded.kernelSummary());
            String text = noEscape ? prompt : Escapes.unescape(prompt);
            int[] ids = loaded.tokenizer().encodeWithBos(text);
            GenerationSettings settings = SamplingOptions.resolver(loaded, engine.options().maxModelLen(), spec)
                    .resolve(sampling, MaxTokensDefault.REST_OF_CONTEXT, ids.length, "prompt");
            GenerationResult result = engine.submit(new GenerationRequest(ids, settings))
                    .await((id, delta) -> out.print(delta));
            out.println();
            System.err.printf("[%d prompt tokens, %.1f tok/s | %d generated, %.1f tok/s | finish: %s]%n",
                    result.promptTokens(), result.promptTokensPerSecond(), result.tokens().length,
                    result.generatedTokensPerSecond(), result.finishReason().name().toLowerCase(java.util.Locale.ROOT));
            if (spec.enabled()) {
                EngineStats stats = engine.stats();
                System.err.printf("[speculative %s: %d draft tokens, %d accepted (%.0f%%)]%n", spec,
                        stats.draftTokens(), stats.acceptedDraftTokens(), 100 * stats.draftAcceptanceRate());
            }
        }
        return 0;
    }
}
