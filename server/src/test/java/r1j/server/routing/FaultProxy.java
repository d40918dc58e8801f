package r1j.server.routing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of a real server that misbehaves on demand: passes requests through, delays them,
 * resets the connection, or answers 5xx. Reads each request itself and answers with {@code Connection: close}, so a
 * mode change takes effect on the very next request (no pooled connection skips it).
 */
final class FaultProxy implements AutoCloseable {
    enum Mode { PASS, DELAY, RESET, ERROR_503, STALL_AFTER_HEADERS }

    private final ServerSocket socket;
    private final String target;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;
    /** The last request's Authorization header, to check the key reached the upstream. */
    volatile String lastAuthorization;

    FaultProxy(String target) throws IOException {
        this.target = target;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    void mode(Mode m) {
        mode = m;
    }

    void delay(long millis) {
        delayMillis = millis;
        mode = Mode.DELAY;
    }

    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                threads.submit(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (head == null) return;
            requests.incrementAndGet();
            String[] lines = head.split("\r\n");
            String path = lines[0].split(" ")[1];
            int length = 0;
            String auth = null;
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
                if (lower.startsWith("authorization:")) auth = line.substring(14).strip();
            }
            lastAuthorization = auth;
            byte[] body = in.readNBytes(length);
            OutputStream out = s.getOutputStream();
            switch (mode) {
                case RESET -> {
                    s.setSoLinger(true, 0); // closing now sends a TCP reset
                    return;
                }
                case ERROR_503 -> {
                    out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 2"
                            + "\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                case STALL_AFTER_HEADERS -> {
                    // A 200 and the start of a body, then silence: only a body or idle timeout ends this.
                    boolean stream = new String(body, StandardCharsets.UTF_8).contains("\"stream\":true");
                    out.write((stream ? "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}\n\n"
                            : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n"
                            + "Connection: close\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(10_000);
                    return;
                }
                case DELAY -> Thread.sleep(delayMillis);
                case PASS -> { }
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (auth != null) forward.header("Authorization", auth);
            HttpResponse<InputStream> r = http.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
            out.write(("HTTP/1.1 " + r.statusCode() + " X\r\nContent-Type: "
                    + r.headers().firstValue("Content-Type").orElse("application/json")
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try (InputStream body2 = r.body()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = body2.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // The router gave up (a timeout) or the test ended: nothing to answer.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) return head.toString(StandardCharsets.US_ASCII);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
