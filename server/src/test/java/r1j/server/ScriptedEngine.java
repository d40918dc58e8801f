package r1j.server;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.runtime.Engine;
import r1j.engine.runtime.EngineFullException;
import r1j.engine.runtime.EngineStats;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.runtime.GenerationStream;
import r1j.engine.runtime.TokenEvent;
import r1j.engine.runtime.TokenSink;

/**
 * An engine that writes scripted answers (the tiny model's random weights never write {@code </think>} or a tool
 * call on cue), one request at a time on its own thread, with at most {@code maxWaiting} requests queued behind the
 * running one: tests control the text and the timing.
 */
final class ScriptedEngine implements Engine {
    /** One request's answer: streams tokens to {@code sink}, stops once {@code cancelled} says so. */
    @FunctionalInterface
    interface Script {
        GenerationResult generate(int[] prompt, GenerationSettings settings, TokenSink sink, BooleanSupplier cancelled);
    }

    private record Queued(GenerationRequest request, GenerationStream stream) {}

    private final Script script;
    private final int maxWaiting;
    private final BlockingQueue<Queued> waiting = new LinkedBlockingQueue<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Thread thread;

    ScriptedEngine(Script script, int maxWaiting) {
        this.script = script;
        this.maxWaiting = maxWaiting;
        this.thread = Thread.ofPlatform().name("scripted-engine").daemon().start(this::loop);
    }

    @Override
    public GenerationStream submit(GenerationRequest request) {
        if (admitted.incrementAndGet() > 1 + maxWaiting) {
            admitted.decrementAndGet();
            throw new EngineFullException("the server is busy: " + maxWaiting + " requests are waiting");
        }
        GenerationStream stream = new GenerationStream();
        waiting.add(new Queued(request, stream));
        return stream;
    }

    @Override
    public EngineStats stats() {
        return new EngineStats(running.get(), waiting.size(), 0, 0, 0, 0, 0, 0, 0);
    }

    private void loop() {
        while (true) {
            Queued q;
            try {
                q = waiting.take();
            } catch (InterruptedException e) {
                return;
            }
            running.incrementAndGet();
            try {
                GenerationResult r = script.generate(q.request().prompt(), q.request().settings(),
                        (id, text) -> q.stream().emit(new TokenEvent.Token(id, text)), q.stream()::isCancelled);
                q.stream().emit(new TokenEvent.Finished(r));
            } catch (RuntimeException e) {
                q.stream().emit(new TokenEvent.Failed(e));
            } finally {
                running.decrementAndGet();
                admitted.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
