package r1j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import r1j.dialogue.store.JdbcConversationStore;

/** Where conversations are kept: SQLite under the data directory by default, or a JDBC URL (PostgreSQL). */
final class StoreOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory for the embedded store (default: ~/.r1j).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".r1j");

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "A database instead of the embedded store, e.g. jdbc:postgresql://host/db?user=u&password=p")
    String db;

    JdbcConversationStore open() {
        return db != null ? JdbcConversationStore.open(db) : JdbcConversationStore.sqlite(dataDir);
    }
}
