package r1j.server.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.sampling.SamplingParams;

class EngineWorkerTest {
    private static GenerationRequest request(String id) {
        return new GenerationRequest(id, new int[] {1, 2, 3},
                new GenerationSettings(SamplingParams.greedy(), 4, List.of(), false));
    }

    @Test
    void requests_run_one_at_a_time_in_order_and_a_request_cancelled_while_waiting_never_runs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (EngineWorker worker = new EngineWorker((prompt, settings, sink, cancelled) -> {
            runs.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.accept(7, "seven");
            return new GenerationResult(new int[] {7}, "seven", FinishReason.STOP, prompt.length, 0, 0, 0);
        }, 2)) {
            GenerationStream first = worker.submit(request("a"));
            GenerationStream second = worker.submit(request("b"));
            GenerationStream third = worker.submit(request("c"));
            assertThatThrownBy(() -> worker.submit(request("d"))).isInstanceOf(EngineBusyException.class)
                    .hasMessageContaining("busy");
            second.cancel();
            release.countDown();
            assertThat(first.next()).isEqualTo(new TokenEvent.Token(7, "seven"));
            assertThat(first.next()).isInstanceOf(TokenEvent.Finished.class);
            assertThat(third.next()).isEqualTo(new TokenEvent.Token(7, "seven"));
            assertThat(third.next()).isInstanceOf(TokenEvent.Finished.class);
            assertThat(runs.get()).isEqualTo(2);
            // Finished requests free their places in the queue.
            assertThat(worker.submit(request("e")).next()).isInstanceOf(TokenEvent.Token.class);
        }
    }

    @Test
    void an_engine_failure_reaches_the_request_as_an_event_and_the_worker_goes_on() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (EngineWorker worker = new EngineWorker((prompt, settings, sink, cancelled) -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("boom");
            return new GenerationResult(new int[0], "", FinishReason.STOP, prompt.length, 0, 0, 0);
        }, 4)) {
            TokenEvent failed = worker.submit(request("a")).next();
            assertThat(failed).isInstanceOf(TokenEvent.Failed.class);
            assertThat(((TokenEvent.Failed) failed).error()).hasMessage("boom");
            assertThat(worker.submit(request("b")).next()).isInstanceOf(TokenEvent.Finished.class);
        }
    }
}
