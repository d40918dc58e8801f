package r1j.dialogue;

import r1j.engine.runtime.Engine;
import r1j.engine.runtime.EngineStats;

/** An engine written as a lambda over {@code submit}: wraps the real one to delay, count or fail requests. */
@FunctionalInterface
interface TestEngine extends Engine {
    @Override
    default EngineStats stats() {
        return new EngineStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    default void close() {}
}
