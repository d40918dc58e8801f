package r1j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat endpoint on loopback that answers from a script: the script maps each request to a
 * {@link Reply} (text, finish reason, delays, usage), which is streamed as SSE the way r1j and vLLM stream it
 * (reasoning deltas, then content deltas, a finish chunk, a usage chunk, {@code [DONE]}).
 */
final class ScriptedOpenAiStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer; delays in milliseconds (time to the first delta, then to the end). */
    record Reply(String reasoning, String content, String finishReason, int ttftMs, int restMs, int completionTokens,
            int reasoningTokens) {}

    private final HttpServer server;
    private final AtomicInteger chatRequests = new AtomicInteger();

    ScriptedOpenAiStub(Function<JsonNode, Reply> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/models", ex -> respond(ex, 200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"stub-model\",\"object\":\"model\",\"created\":"
                        + System.currentTimeMillis() / 1000 + ",\"owned_by\":\"test\"}]}"));
        server.createContext("/v1/chat/completions", ex -> {
            chatRequests.incrementAndGet();
            JsonNode body = JSON.readTree(ex.getRequestBody());
            Reply r = script.apply(body);
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                sleep(r.ttftMs());
                if (!r.reasoning().isEmpty()) send(out, delta("reasoning_content", r.reasoning()));
                sleep(r.restMs());
                if (!r.content().isEmpty()) send(out, delta("content", r.content()));
                ObjectNode finish = JSON.createObjectNode();
                finish.putArray("choices").addObject().put("index", 0).put("finish_reason", r.finishReason())
                        .putObject("delta");
                send(out, finish.toString());
                ObjectNode usage = JSON.createObjectNode();
                usage.putArray("choices");
                ObjectNode u = usage.putObject("usage").put("prompt_tokens", 10)
                        .put("completion_tokens", r.completionTokens());
                u.putObject("completion_tokens_details").put("reasoning_tokens", r.reasoningTokens());
                send(out, usage.toString());
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    int chatRequests() {
        return chatRequests.get();
    }

    private static String delta(String field, String text) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put(field, text);
        return chunk.toString();
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
