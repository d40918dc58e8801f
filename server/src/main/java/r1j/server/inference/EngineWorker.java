package r1j.server.inference;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import r1j.engine.generate.GenerationResult;

/**
 * The engine's one thread: owns the (not thread-safe) generator and runs queued requests one at a time, in arrival
 * order. At most {@code maxWaiting} requests wait behind the running one; more are refused at once rather than
 * left to time out. A request cancelled while it waits is skipped without touching the model.
 */
public final class EngineWorker implements InferenceEngine {
    private static final Logger LOG = Logger.getLogger(EngineWorker.class.getName());

    private final SequenceGenerator generator;
    private final int maxWaiting;
    private final BlockingQueue<GenerationStream> waiting = new LinkedBlockingQueue<>();
    /** Admitted and not finished: waiting plus running. Bounds the queue; counted here, not by the queue size. */
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    public EngineWorker(SequenceGenerator generator, int maxWaiting) {
        if (maxWaiting < 0) throw new IllegalArgumentException("max waiting must be >= 0, got " + maxWaiting);
        this.generator = generator;
        this.maxWaiting = maxWaiting;
        this.thread = Thread.ofPlatform().name("r1j-engine").daemon(true).start(this::loop);
    }

    @Override
    public GenerationStream submit(GenerationRequest request) {
        if (closed) throw new EngineBusyException("the server is shutting down");
        int limit = 1 + maxWaiting;
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            throw new EngineBusyException("the server is busy: 1 request running and " + maxWaiting
                    + " waiting, the most it queues (--max-waiting-requests); retry later");
        }
        GenerationStream stream = new GenerationStream(request);
        waiting.add(stream);
        return stream;
    }

    @Override
    public Load load() {
        return new Load(running.get(), waiting.size());
    }

    private void loop() {
        while (!closed) {
            GenerationStream stream;
            try {
                stream = waiting.take();
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (!stream.isCancelled()) {
                    running.incrementAndGet();
                    try {
                        run(stream);
                    } finally {
                        running.decrementAndGet();
                    }
                }
            } finally {
                admitted.decrementAndGet();
            }
        }
        GenerationStream left;
        while ((left = waiting.poll()) != null) {
            left.emit(new TokenEvent.Failed(new IllegalStateException("the server is shutting down")));
        }
    }

    private void run(GenerationStream stream) {
        GenerationRequest request = stream.request();
        try {
            GenerationResult result = generator.generate(request.prompt(), request.settings(),
                    (id, text) -> stream.emit(new TokenEvent.Token(id, text)),
                    () -> stream.isCancelled() || closed);
            stream.emit(new TokenEvent.Finished(result));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "generation " + request.id() + " failed", e);
            stream.emit(new TokenEvent.Failed(e));
        } catch (Error e) {
            stream.emit(new TokenEvent.Failed(new IllegalStateException("the engine failed: " + e)));
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
