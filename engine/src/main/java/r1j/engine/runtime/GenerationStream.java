package r1j.engine.runtime;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import r1j.engine.generate.GenerationResult;

/**
 * The two ends of one submitted sequence. The engine thread {@link #emit}s events and never blocks on a slow reader
 * (the queue is unbounded; a generation is bounded by its max tokens). The reader {@link #next() takes} them, or
 * {@link #await awaits} the result, and may {@link #cancel()} at any time: the engine then ends the sequence and
 * frees its KV blocks before its next forward pass.
 */
public final class GenerationStream {
    private final BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;
    private volatile Runnable onCancel = () -> {};

    /** Engine side: puts the next event of this sequence. */
    public void emit(TokenEvent event) {
        events.add(event);
    }

    /** Engine side: also run {@code hook} when the reader cancels (e.g. wake the engine thread). */
    public void onCancel(Runnable hook) {
        onCancel = hook;
        if (cancelled) hook.run();
    }

    /** Reader side: the next event, waiting for it. */
    public TokenEvent next() throws InterruptedException {
        return events.take();
    }

    /** Reader side: the next event, or null when none came within {@code timeout} (time for a keep-alive). */
    public TokenEvent poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Reader side: the reader went away or gave up; the engine stops this sequence within one step. */
    public void cancel() {
        cancelled = true;
        onCancel.run();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Reads every event on the calling thread: tokens go to {@code sink}, the result is returned. */
    public GenerationResult await(TokenSink sink) {
        return await(sink, () -> false);
    }

    /**
     * As {@link #await(TokenSink)}, cancelling the sequence as soon as {@code cancelled} answers true (it is asked
     * after each token, so a reader that learns of a gone client while handling a token stops the generation at
     * once). A cancelled sequence still ends with its result ({@code CANCELLED}). A failure is rethrown; an
     * interrupt cancels the sequence and ends in an {@link IllegalStateException}.
     */
    public GenerationResult await(TokenSink sink, BooleanSupplier cancelled) {
        try {
            while (true) {
                switch (next()) {
                    case TokenEvent.Token t -> {
                        sink.accept(t.tokenId(), t.text());
                        if (!isCancelled() && cancelled.getAsBoolean()) cancel();
                    }
                    case TokenEvent.Finished f -> {
                        return f.result();
                    }
                    case TokenEvent.Failed f -> throw f.error();
                }
            }
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        }
    }
}
