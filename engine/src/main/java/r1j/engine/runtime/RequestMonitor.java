package r1j.engine.runtime;

import r1j.engine.generate.FinishReason;

/**
 * Hears every request's life as it happens, on the engine thread (latency metrics): implementations must be quick
 * and must not block.
 */
public interface RequestMonitor {
    /** Monitors nothing. */
    RequestMonitor NONE = new RequestMonitor() {
        @Override
        public Timer accepted(long submittedNanos) {
            return Timer.NONE;
        }

        @Override
        public void rejected() {}
    };

    /** A request was queued at {@code submittedNanos} ({@link System#nanoTime()}); the timer hears the rest. */
    Timer accepted(long submittedNanos);

    /** A request was refused before it ran (the queue was full). */
    void rejected();

    /** One request's events. */
    interface Timer {
        Timer NONE = new Timer() {
            @Override
            public void token(long now) {}

            @Override
            public void finish(FinishReason reason, int tokensGenerated, long now) {}

            @Override
            public void fail() {}
        };

        /** A generated token was reported at {@code now}. */
        void token(long now);

        /** The request ended at {@code now} after {@code tokensGenerated} tokens. */
        void finish(FinishReason reason, int tokensGenerated, long now);

        /** The engine failed the request. */
        void fail();
    }
}
