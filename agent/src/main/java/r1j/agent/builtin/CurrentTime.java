package r1j.agent.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolException;
import r1j.agent.tool.ToolFunction;

/** {@code current_time}: the date and time now in an IANA time zone (UTC when none is given). */
public final class CurrentTime implements Tool {
    public static final String NAME = "current_time";

    private final ToolFunction function;
    private final Clock clock;

    public CurrentTime(ToolFunction function, Clock clock) {
        this.function = function;
        this.clock = clock;
    }

    public static ToolFunction defaultFunction(String name) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("type", "object");
        parameters.putObject("properties").putObject("timezone").put("type", "string")
                .put("description", "An IANA time zone such as Europe/Paris or America/New_York; UTC if left out");
        return new ToolFunction(name, "The current date, time and weekday in a time zone.", parameters);
    }

    @Override
    public ToolFunction function() {
        return function;
    }

    @Override
    public String call(ObjectNode arguments) throws ToolException {
        JsonNode tz = arguments.get("timezone");
        ZoneId zone;
        if (tz == null || tz.isNull() || tz.asText().isBlank()) {
            zone = ZoneId.of("UTC");
        } else if (!tz.isTextual()) {
            throw new ToolException("'timezone' must be a string such as \"Europe/Paris\"");
        } else {
            try {
                zone = ZoneId.of(tz.asText().strip());
            } catch (DateTimeException e) {
                throw new ToolException("unknown time zone '" + tz.asText()
                        + "'; use an IANA name such as Europe/Paris, Asia/Tokyo or UTC");
            }
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.SECONDS);
        return now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " (" + zone.getId() + ", "
                + now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ")";
    }
}
