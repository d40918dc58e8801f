package r1j.server.inference;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The two ends of one submitted sequence. The engine thread {@link #emit}s events and never blocks on a slow client
 * (the queue is unbounded; a completion is bounded by its max tokens). The request thread {@link #next() takes}
 * them and may {@link #cancel()} at any time, which the engine notices before its next forward pass.
 */
public final class GenerationStream {
    private final GenerationRequest request;
    private final BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;
    private volatile Runnable onCancel = () -> {};

    public GenerationStream(GenerationRequest request) {
        this.request = request;
    }

    public GenerationRequest request() {
        return request;
    }

    /** Engine side. */
    public void emit(TokenEvent event) {
        events.add(event);
    }

    /** Request side: the next event, waiting for it. */
    public TokenEvent next() throws InterruptedException {
        return events.take();
    }

    /** Request side: the next event, or null when none came within {@code timeout} (time for a keep-alive). */
    public TokenEvent poll(java.time.Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Request side: the client went away or gave up; the engine stops this sequence within one step. */
    public void cancel() {
        cancelled = true;
        onCancel.run();
    }

    /** Engine side: also run {@code hook} when the request side cancels (a batching engine frees KV at once). */
    public void onCancel(Runnable hook) {
        onCancel = hook;
        if (cancelled) hook.run();
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
