package r1j.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tool server for tests, on loopback: each path answers as scripted, and every request is recorded (method, URI,
 * headers, body) so a test can see exactly what a tool sent, or that nothing reached it.
 */
public final class ScriptedServer implements AutoCloseable {
    /** One request as received. Header names are lower-cased. */
    public record Received(String method, String uri, Map<String, String> headers, String body) {}

    @FunctionalInterface
    public interface Script {
        void answer(HttpExchange exchange, Received request) throws IOException;
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public ScriptedServer on(String path, Script script) {
        server.createContext(path, exchange -> {
            try (exchange) {
                Map<String, String> headers = new java.util.TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
                received.add(r);
                script.answer(exchange, r);
            }
        });
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public static Script json(String body) {
        return (exchange, request) -> send(exchange, 200, "application/json", body);
    }

    public static Script redirect(int status, String location) {
        return (exchange, request) -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
