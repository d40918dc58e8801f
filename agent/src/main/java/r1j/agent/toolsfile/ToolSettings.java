package r1j.agent.toolsfile;

import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;
import r1j.agent.http.HostAllowlist;
import r1j.agent.http.HostResolver;
import r1j.agent.http.HttpLimits;

/**
 * What the tools read from their surroundings.
 *
 * @param allow       {@code --tools-allow}
 * @param limits      bounds on every HTTP call
 * @param resolver    DNS (a table in tests)
 * @param environment environment variables, for {@code ${NAME}} in header values
 * @param clock       for {@code current_time}
 */
public record ToolSettings(HostAllowlist allow, HttpLimits limits, HostResolver resolver,
        UnaryOperator<String> environment, Clock clock) {
    public ToolSettings {
        Objects.requireNonNull(allow);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(resolver);
        Objects.requireNonNull(environment);
        Objects.requireNonNull(clock);
    }

    /** The real world, with {@code allow}. */
    public static ToolSettings system(HostAllowlist allow) {
        return new ToolSettings(allow, HttpLimits.DEFAULT, HostResolver.SYSTEM, System::getenv, Clock.systemUTC());
    }

    public ToolSettings withLimits(HttpLimits value) {
        return new ToolSettings(allow, value, resolver, environment, clock);
    }

    public ToolSettings withResolver(HostResolver value) {
        return new ToolSettings(allow, limits, value, environment, clock);
    }

    public ToolSettings withEnvironment(UnaryOperator<String> value) {
        return new ToolSettings(allow, limits, resolver, value, clock);
    }

    public ToolSettings withClock(Clock value) {
        return new ToolSettings(allow, limits, resolver, environment, value);
    }
}
