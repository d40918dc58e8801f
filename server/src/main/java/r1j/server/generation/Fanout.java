package r1j.server.generation;

import r1j.server.http.DisconnectProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.runtime.Engine;
import r1j.engine.runtime.EngineFullException;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.runtime.GenerationStream;
import r1j.engine.runtime.TokenEvent;
import r1j.server.http.ApiException;

/**
 * The {@code n} sequences of one request ({@code n} choices): submitted together, their events merged into one
 * queue in arrival order, each tagged with its choice index. One virtual thread per sequence forwards its events;
 * {@link #close} cancels every sequence and stops the forwarders.
 */
public final class Fanout implements AutoCloseable {
    /** Most choices one request may ask for ({@code n}). */
    static final int MAX_N = 8;

    public record Event(int index, TokenEvent event) {}

    private final List<GenerationStream> streams = new ArrayList<>();
    private final List<Thread> forwarders = new ArrayList<>();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    /**
     * Submits {@code n} sequences, each with its choice's settings ({@link GenerationSettings#forChoice}: a seeded
     * request's choices differ and each is reproducible). {@code settingsFor} gives each its own (stateful) constraint.
     */
    public static Fanout submit(Engine engine, int[] prompt, int n,
            java.util.function.IntFunction<GenerationSettings> settingsFor) {
        Fanout f = new Fanout();
        try {
            for (int i = 0; i < n; i++) {
                GenerationSettings settings = settingsFor.apply(i).forChoice(i);
                GenerationStream stream = submit(engine, new GenerationRequest(prompt, settings));
                f.streams.add(stream);
                int index = i;
                f.forwarders.add(Thread.ofVirtual().name("r1j-fanout-" + i).start(() -> f.forward(index, stream)));
            }
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    private static GenerationStream submit(Engine engine, GenerationRequest request) {
        try {
            return engine.submit(request);
        } catch (EngineFullException e) {
            throw new ApiException.Overloaded(e.getMessage());
        }
    }

    /** {@code n}, checked: 1 when not given, at most {@link #MAX_N}. */
    public static int choices(Integer n) {
        if (n == null) return 1;
        if (n < 1) throw new ApiException.BadRequest("n must be at least 1, got " + n, "n");
        if (n > MAX_N) {
            throw new ApiException.BadRequest("n must be at most " + MAX_N + " (the choices of one request are"
                    + " decoded together), got " + n, "n");
        }
        return n;
    }

    private void forward(int index, GenerationStream stream) {
        try {
            while (true) {
                TokenEvent e = stream.next();
                events.add(new Event(index, e));
                if (!(e instanceof TokenEvent.Token)) return;
            }
        } catch (InterruptedException e) {
            // close(): nobody is reading any more.
        }
    }

    public int size() {
        return streams.size();
    }

    /**
     * Delivers every choice's events until all have finished, waiting as long as it takes; a failed sequence throws
     * its {@link ApiException}. The handlers get the event and its choice index. {@code onSilence} runs after each
     * {@link Generations#KEEP_ALIVE} without an event: a stream's keep-alive.
     */
    public void drain(ObjIntConsumer<TokenEvent.Token> onToken, ObjIntConsumer<TokenEvent.Finished> onFinished,
            Runnable onSilence) {
        int finished = 0;
        while (finished < size()) {
            Event event = poll(Generations.KEEP_ALIVE.toNanos());
            if (event == null) {
                onSilence.run();
                continue;
            }
            finished += deliver(event, onToken, onFinished);
        }
    }

    /**
     * As {@link #drain(ObjIntConsumer, ObjIntConsumer, Runnable)} for an answer sent only at the end: between
     * events, and at least every {@link DisconnectProbe#INTERVAL_NANOS}, the probe checks that the client still
     * waits (it throws when not, and closing this fan-out then cancels the sequences).
     */
    public void drain(ObjIntConsumer<TokenEvent.Token> onToken, ObjIntConsumer<TokenEvent.Finished> onFinished,
            DisconnectProbe probe) {
        int finished = 0;
        while (finished < size()) {
            probe.check();
            Event event = poll(DisconnectProbe.INTERVAL_NANOS);
            if (event != null) finished += deliver(event, onToken, onFinished);
        }
    }

    /** Hands one event to its callback; 1 when it finished its sequence. */
    private static int deliver(Event event, ObjIntConsumer<TokenEvent.Token> onToken,
            ObjIntConsumer<TokenEvent.Finished> onFinished) {
        switch (event.event()) {
            case TokenEvent.Token t -> onToken.accept(t, event.index());
            case TokenEvent.Finished f -> {
                onFinished.accept(f, event.index());
                return 1;
            }
            case TokenEvent.Failed f -> throw Generations.failure(f);
        }
        return 0;
    }

    /** The next event, or null after {@code nanos} of silence. */
    private Event poll(long nanos) {
        try {
            return events.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new ApiException.Internal("the request was interrupted (the server is stopping)");
        }
    }

    /** Cancels what still runs (a no-op for finished sequences) and stops the forwarders. */
    @Override
    public void close() {
        for (GenerationStream s : streams) s.cancel();
        for (Thread t : forwarders) t.interrupt();
    }
}
