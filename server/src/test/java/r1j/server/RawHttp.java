package r1j.server;

import r1j.server.http.Json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a plain socket, for requests no client library would send (short bodies, NUL in headers, ...). */
final class RawHttp {
    private RawHttp() {}

    /** One response: status, the head as text, the body. */
    record Response(int status, String head, String body) {
        /** The OpenAI error object, after checking the response is one. */
        JsonNode error() {
            assertThat(head.toLowerCase()).as(head).contains("content-type: application/json");
            try {
                JsonNode e = Json.MAPPER.readTree(body).get("error");
                assertThat(e).as(body).isNotNull();
                assertThat(e.get("message").asText()).isNotBlank();
                assertThat(e.has("type") && e.has("param") && e.has("code")).as(body).isTrue();
                return e;
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** Sends {@code request} on a fresh connection; {@code closeWriteSide} ends the stream after it (a short body). */
    static Response send(int port, byte[] request, boolean closeWriteSide) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            if (closeWriteSide) s.shutdownOutput();
            return read(s.getInputStream());
        }
    }

    /** Reads one response: the head, then Content-Length bytes (or to the end of the connection). */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int headEnd = -1;
        byte[] chunk = new byte[8192];
        while (headEnd < 0) {
            int n = in.read(chunk);
            if (n < 0) break;
            buf.write(chunk, 0, n);
            headEnd = buf.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        }
        if (headEnd < 0) throw new AssertionError("no response head: " + buf.toString(StandardCharsets.UTF_8));
        byte[] bytes = buf.toByteArray();
        String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(bytes, headEnd + 4, bytes.length - headEnd - 4);
        while (length < 0 || body.size() < length) {
            int n = in.read(chunk);
            if (n < 0) break;
            body.write(chunk, 0, n);
        }
        return new Response(Integer.parseInt(head.substring(9, 12)), head, body.toString(StandardCharsets.UTF_8));
    }
}
