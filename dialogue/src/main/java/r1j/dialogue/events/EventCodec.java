package r1j.dialogue.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Events to and from the store's row form: a type name plus a JSON payload holding every field but the
 * {@link EventMeta}, which has columns of its own. {@link #json()} is also the mapper to write events and states
 * for an API (instants as ISO-8601 text).
 */
public final class EventCodec {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule("r1j-instant")
            .addSerializer(Instant.class, new JsonSerializer<>() {
                @Override
                public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeString(value.toString());
                }
            })
            .addDeserializer(Instant.class, new JsonDeserializer<>() {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            }));
    private static final Map<String, Class<? extends ConversationEvent>> TYPES = new HashMap<>();

    static {
        for (Class<?> c : ConversationEvent.class.getPermittedSubclasses()) {
            TYPES.put(c.getSimpleName(), c.asSubclass(ConversationEvent.class));
        }
    }

    private EventCodec() {}

    /** A mapper that writes and reads {@link Instant} as ISO-8601 text. Do not reconfigure it. */
    public static ObjectMapper json() {
        return JSON;
    }

    public static String payload(ConversationEvent event) {
        ObjectNode node = JSON.valueToTree(event);
        node.remove("meta");
        return node.toString();
    }

    public static ConversationEvent decode(EventMeta meta, String type, String payload) {
        Class<? extends ConversationEvent> c = TYPES.get(type);
        if (c == null) throw new IllegalArgumentException("conversation " + meta.conversationId() + " seq " + meta.seq()
                + ": unknown event type '" + type + "'");
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(payload);
            node.set("meta", JSON.valueToTree(meta));
            return JSON.treeToValue(node, c);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("conversation " + meta.conversationId() + " seq " + meta.seq()
                    + ": unreadable " + type + " payload: " + e.getMessage(), e);
        }
    }
}
