package r1j.dialogue.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL for tests: {@code R1J_TEST_PG_URL} when set (a JDBC URL with user and password), otherwise a
 * throwaway cluster started here with the system's {@code /usr/lib/postgresql/N/bin/initdb} and {@code pg_ctl} on a
 * free loopback port (as the {@code postgres} user when running as root, since initdb refuses root). Each call to
 * {@link #freshDatabase} creates an empty database. Fails, saying what to install, when neither is possible.
 */
public final class TestPostgres {
    private static TestPostgres instance;

    private final String baseUrl;
    private final String adminUrl;
    private int databases;

    private TestPostgres(String baseUrl, String adminUrl) {
        this.baseUrl = baseUrl;
        this.adminUrl = adminUrl;
    }

    public static synchronized TestPostgres get() {
        if (instance == null) instance = start();
        return instance;
    }

    /** A JDBC URL of a new, empty database. */
    public synchronized String freshDatabase() {
        String name = "r1j_test_" + ProcessHandle.current().pid() + "_" + (++databases);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database on " + adminUrl + ": " + e.getMessage(), e);
        }
        return baseUrl.replace("/{db}", "/" + name);
    }

    private static TestPostgres start() {
        String env = System.getenv("R1J_TEST_PG_URL");
        if (env != null && !env.isBlank()) {
            // jdbc:postgresql://host:port/db?params -> same server, other databases
            int slash = env.indexOf('/', "jdbc:postgresql://".length());
            int q = env.indexOf('?', slash);
            String params = q < 0 ? "" : env.substring(q);
            String server = env.substring(0, slash);
            return new TestPostgres(server + "/{db}" + params, env);
        }
        Path bin = findBin();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL tests need a server: set R1J_TEST_PG_URL=jdbc:postgresql://HOST:PORT/DB?user=U&password=P,"
                    + " or install Debian's postgresql package (apt-get install -y postgresql) so /usr/lib/postgresql/*/bin/initdb exists");
        }
        try {
            Path dir = Files.createTempDirectory("r1j-pg-");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) run(List.of("chown", "postgres:postgres", dir.toString()), null);
            Path data = dir.resolve("data");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            run(asUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "r1j",
                    "-E", "UTF8", "--no-sync")), null);
            run(asUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
                    "-l", dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir + " -h 127.0.0.1 -F", "start")), null);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop")), null);
                } catch (Exception ignored) {
                    // best effort at exit
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // temp dir
                }
            }));
            String server = "jdbc:postgresql://127.0.0.1:" + port;
            return new TestPostgres(server + "/{db}?user=r1j", server + "/postgres?user=r1j");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not start a throwaway PostgreSQL with " + bin + ": " + e.getMessage(), e);
        }
    }

    private static Path findBin() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) return null;
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(p -> p.getParent().getFileName().toString(), Comparator.comparingInt(TestPostgres::number)))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> asUser(boolean root, List<String> command) {
        if (!root) return command;
        List<String> c = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        c.addAll(command);
        return c;
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
