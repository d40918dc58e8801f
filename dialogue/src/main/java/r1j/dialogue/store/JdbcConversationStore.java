package r1j.dialogue.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventCodec;
import r1j.dialogue.events.EventMeta;

/**
 * The store on SQL: SQLite (the embedded default, WAL mode, synchronous=FULL so a commit is on disk) or
 * PostgreSQL (for several server replicas), with one schema migrated by Flyway
 * ({@code db/migration/V*.sql}). A connection per call keeps it simple and thread-safe; appends are guarded by a
 * conditional update of {@code last_seq}, so of two racing writers exactly one wins.
 */
public final class JdbcConversationStore implements ConversationStore {
    private static final ObjectMapper JSON = EventCodec.json();
    /** The file name under the data directory. */
    public static final String SQLITE_FILE = "conversations.db";

    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    private final String url;
    private final Connector connector;

    private JdbcConversationStore(String url, Connector connector) {
        this.url = url;
        this.connector = connector;
    }

    /** SQLite in {@code dataDir}/conversations.db (created with its directory when missing). */
    public static JdbcConversationStore sqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        return open("jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath());
    }

    /** {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://host/db?user=..&password=..}; migrates the schema. */
    public static JdbcConversationStore open(String jdbcUrl) {
        Connector connector;
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(30_000);
            // Take the write lock at BEGIN: a read-then-write transaction can then never deadlock on lock upgrade.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            var props = config.toProperties();
            connector = () -> DriverManager.getConnection(jdbcUrl, props);
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            connector = () -> DriverManager.getConnection(jdbcUrl);
        } else {
            throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl
                    + "' (jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
        }
        Flyway.configure().dataSource(jdbcUrl, null, null).locations("classpath:db/migration")
                .load().migrate();
        return new JdbcConversationStore(jdbcUrl, connector);
    }

    public String url() {
        return url;
    }

    @Override
    public ConversationRecord create(String id, JsonNode domain, Map<String, String> metadata, Instant now) {
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO conversations (id, domain, metadata, last_seq, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, domain == null ? null : domain.toString());
                s.setString(3, JSON.writeValueAsString(new TreeMap<>(metadata)));
                s.setLong(4, now.toEpochMilli());
                s.setLong(5, now.toEpochMilli());
                s.executeUpdate();
            }
            insertMetadata(c, id, metadata);
            Instant t = Instant.ofEpochMilli(now.toEpochMilli());
            return new ConversationRecord(id, domain, metadata, t, t, 0);
        });
    }

    /** The metadata is kept twice: as JSON on the header (read back whole) and as rows (filtered on by list). */
    private static void insertMetadata(Connection c, String id, Map<String, String> metadata) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO conversation_metadata (conversation_id, meta_key, meta_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                s.setString(1, id);
                s.setString(2, e.getKey());
                s.setString(3, e.getValue());
                s.addBatch();
            }
            if (!metadata.isEmpty()) s.executeBatch();
        }
    }

    @Override
    public ConversationRecord replaceMetadata(String id, Map<String, String> metadata, Instant now) {
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE conversations SET metadata = ?, updated_at = ? WHERE id = ?")) {
                s.setString(1, JSON.writeValueAsString(new TreeMap<>(metadata)));
                s.setLong(2, now.toEpochMilli());
                s.setString(3, id);
                if (s.executeUpdate() == 0) throw new ConversationNotFoundException(id);
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM conversation_metadata WHERE conversation_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            insertMetadata(c, id, metadata);
            return find(c, id).orElseThrow(() -> new ConversationNotFoundException(id));
        });
    }

    @Override
    public Optional<ConversationRecord> find(String id) {
        return inTransaction(c -> find(c, id));
    }

    private static Optional<ConversationRecord> find(Connection c, String id) throws SQLException, JsonProcessingException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM conversations WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public ConversationPage list(int offset, int limit, Map<String, String> filter) {
        if (offset < 0 || limit <= 0) throw new IllegalArgumentException("offset must be >= 0 and limit > 0, got " + offset + ", " + limit);
        StringBuilder sql = new StringBuilder("SELECT * FROM conversations c WHERE 1 = 1");
        List<Map.Entry<String, String>> pairs = new ArrayList<>(new TreeMap<>(filter).entrySet());
        for (int i = 0; i < pairs.size(); i++) {
            sql.append(" AND EXISTS (SELECT 1 FROM conversation_metadata m WHERE m.conversation_id = c.id")
                    .append(" AND m.meta_key = ? AND m.meta_value = ?)");
        }
        sql.append(" ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?");
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (Map.Entry<String, String> e : pairs) {
                    s.setString(p++, e.getKey());
                    s.setString(p++, e.getValue());
                }
                s.setInt(p++, limit + 1);
                s.setInt(p, offset);
                List<ConversationRecord> items = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) items.add(record(rs));
                }
                boolean more = items.size() > limit;
                return new ConversationPage(more ? items.subList(0, limit) : items, offset, limit, more);
            }
        });
    }

    @Override
    public List<ConversationEvent> events(String id) {
        return inTransaction(c -> {
            if (find(c, id).isEmpty()) throw new ConversationNotFoundException(id);
            List<ConversationEvent> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT seq, turn, type, payload, created_at FROM conversation_events WHERE conversation_id = ? ORDER BY seq")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        EventMeta meta = new EventMeta(id, rs.getLong(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(5)));
                        out.add(EventCodec.decode(meta, rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void append(String id, long expectedLastSeq, List<ConversationEvent> events, Instant now) {
        if (events.isEmpty()) return;
        for (int i = 0; i < events.size(); i++) {
            EventMeta m = events.get(i).meta();
            if (!m.conversationId().equals(id) || m.seq() != expectedLastSeq + 1 + i) {
                throw new IllegalArgumentException("event " + i + " has conversation " + m.conversationId() + " seq " + m.seq()
                        + "; expected " + id + " seq " + (expectedLastSeq + 1 + i));
            }
        }
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE conversations SET last_seq = ?, updated_at = ? WHERE id = ? AND last_seq = ?")) {
                s.setLong(1, expectedLastSeq + events.size());
                s.setLong(2, now.toEpochMilli());
                s.setString(3, id);
                s.setLong(4, expectedLastSeq);
                if (s.executeUpdate() == 0) {
                    if (find(c, id).isEmpty()) throw new ConversationNotFoundException(id);
                    throw new ConversationBusyException("conversation '" + id + "' changed while this request was working on it"
                            + " (its log no longer ends at seq " + expectedLastSeq + ")");
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO conversation_events (conversation_id, seq, turn, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ConversationEvent e : events) {
                    s.setString(1, id);
                    s.setLong(2, e.meta().seq());
                    s.setInt(3, e.meta().turn());
                    s.setString(4, e.type());
                    s.setString(5, EventCodec.payload(e));
                    s.setLong(6, e.meta().at().toEpochMilli());
                    s.addBatch();
                }
                s.executeBatch();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState()) || e.getErrorCode() == 19) {
                    throw new ConversationBusyException("conversation '" + id + "': seq already taken by another writer");
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public boolean delete(String id) {
        return inTransaction(c -> {
            for (String table : List.of("conversation_events", "conversation_metadata")) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE conversation_id = ?")) {
                    s.setString(1, id);
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM conversations WHERE id = ?")) {
                s.setString(1, id);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void close() {
        // Connections are per call; nothing is held open.
    }

    private static ConversationRecord record(ResultSet rs) throws SQLException, JsonProcessingException {
        String domain = rs.getString("domain");
        Map<String, String> metadata = JSON.readValue(rs.getString("metadata"),
                JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, String.class));
        return new ConversationRecord(rs.getString("id"), domain == null ? null : JSON.readTree(domain), metadata,
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getLong("last_seq"));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException, JsonProcessingException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = connector.open()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database " + url + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("database " + url + ": unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }
}
