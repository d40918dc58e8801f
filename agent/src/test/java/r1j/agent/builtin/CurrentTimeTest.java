package r1j.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import r1j.agent.tool.ToolException;

class CurrentTimeTest {
    private final CurrentTime tool = new CurrentTime(CurrentTime.defaultFunction("current_time"),
            Clock.fixed(Instant.parse("2026-12-05T12:16:47.250Z"), ZoneOffset.UTC));

    @Test
    void tells_the_time_in_an_iana_zone() throws ToolException {
        assertThat(tool.call(JsonNodeFactory.instance.objectNode().put("timezone", "Europe/Paris")))
                .isEqualTo("2026-12-05T13:16:47+01:00 (Europe/Paris, Saturday)");
        assertThat(tool.call(JsonNodeFactory.instance.objectNode().put("timezone", "Asia/Tokyo")))
                .isEqualTo("2026-12-05T21:16:47+09:00 (Asia/Tokyo, Saturday)");
    }

    @Test
    void defaults_to_utc() throws ToolException {
        assertThat(tool.call(JsonNodeFactory.instance.objectNode())).isEqualTo("2026-12-05T12:16:47Z (UTC, Saturday)");
    }

    @Test
    void an_unknown_zone_is_an_error_for_the_model() {
        assertThatThrownBy(() -> tool.call(JsonNodeFactory.instance.objectNode().put("timezone", "Mars/Olympus")))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
    }
}
