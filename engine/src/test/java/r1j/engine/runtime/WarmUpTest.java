package r1j.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import r1j.engine.model.LoadedModel;
import r1j.testkit.Fixtures;

class WarmUpTest {

    @Test
    void warms_up_on_its_own_engine_and_says_how_long_it_took() throws Exception {
        try (LoadedModel model = LoadedModel.load(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q4_K_M.gguf"))) {
            Duration took = WarmUp.run(model, 2);
            assertThat(took).isPositive();
            // Its engine is closed and the model still serves a fresh one.
            try (BatchEngine engine = new BatchEngine(model, new EngineOptions(1, 1, 64, 64L * BatchEngine.kvBytesPerToken(model),
                    16, 16, 1))) {
                assertThat(engine.stats().promptTokens()).isZero();
                assertThat(engine.stats().generatedTokens()).isZero();
            }
        }
    }
}
