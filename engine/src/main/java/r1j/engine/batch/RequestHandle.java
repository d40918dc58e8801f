package r1j.engine.batch;

/** A submitted request: cancel it (a client went away) and its KV blocks are freed within one engine step. */
public final class RequestHandle {
    private final long id;
    private volatile boolean cancelled;

    RequestHandle(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
