package r1j.eval.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Streams {@code POST /chat/completions} under a base URL ending in {@code /v1}. TTFT is the time to the first text,
 * reasoning or content, as a user sees it. A server that does not split the reasoning leaves
 * {@code <think>...</think>} in the content; the grader drops it there.
 */
public final class OpenAiChatClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THINK_END = "</think>";

    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    /** @param base the API root, e.g. {@code http://127.0.0.1:8000/v1} */
    public OpenAiChatClient(URI base, String apiKey, Duration timeout) {
        String root = base.toString();
        this.base = URI.create(root.endsWith("/") ? root : root + "/");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI base() {
        return base;
    }

    /** The {@code /models} entries, as the server describes them (the first one's id names the model). */
    public JsonNode models() throws EndpointException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(request("models").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new EndpointException("GET " + base.resolve("models") + " answered " + r.statusCode() + ": "
                        + r.body(), r.statusCode() >= 500);
            }
            JsonNode data = JSON.readTree(r.body()).path("data");
            if (!data.isArray() || data.isEmpty()) {
                throw new EndpointException("GET " + base.resolve("models") + " lists no model", false);
            }
            return data;
        } catch (IOException e) {
            throw new EndpointException("cannot reach " + base + ": " + e, true);
        }
    }

    public ChatReply complete(String prompt, ChatRequestSettings settings) throws EndpointException, InterruptedException {
        HttpRequest req = request("chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(prompt, settings))).build();
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new EndpointException("cannot reach " + base + ": " + e, true);
        }
        try (Stream<String> lines = r.body()) {
            if (r.statusCode() != 200) {
                int code = r.statusCode();
                throw new EndpointException("HTTP " + code + ": " + lines.collect(Collectors.joining("\n")),
                        code == 429 || code >= 500);
            }
            return read(lines.iterator(), sent);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new EndpointException("the stream broke: " + e, true);
        }
    }

    private ChatReply read(Iterator<String> lines, long sent) throws IOException, EndpointException {
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        String finish = null;
        long firstText = 0;
        JsonNode usage = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (!line.startsWith("data:")) continue;
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                long end = System.nanoTime();
                return reply(content.toString(), reasoning.toString(), finish, (firstText == 0 ? end : firstText) - sent,
                        end - sent, usage);
            }
            JsonNode chunk = JSON.readTree(data);
            if (chunk.has("error")) throw new EndpointException("stream error: " + chunk.get("error"), true);
            if (chunk.hasNonNull("usage")) usage = chunk.get("usage");
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                // vLLM >= 0.10 names the field "reasoning"; r1j, DeepSeek and llama-server "reasoning_content".
                String thought = delta.path("reasoning_content").asText(delta.path("reasoning").asText(""));
                String text = delta.path("content").asText("");
                if (firstText == 0 && (!thought.isEmpty() || !text.isEmpty())) firstText = System.nanoTime();
                reasoning.append(thought);
                content.append(text);
                if (choice.hasNonNull("finish_reason")) finish = choice.get("finish_reason").asText();
            }
        }
        throw new EndpointException("the stream ended without data: [DONE]", true);
    }

    private static ChatReply reply(String content, String reasoning, String finish, long ttft, long e2e, JsonNode usage) {
        int prompt = usage == null ? -1 : usage.path("prompt_tokens").asInt(-1);
        int completion = usage == null ? -1 : usage.path("completion_tokens").asInt(-1);
        JsonNode reported = usage == null ? null : usage.path("completion_tokens_details").get("reasoning_tokens");
        if (reported != null && reported.isInt()) {
            return new ChatReply(content, reasoning, finish, ttft, e2e, prompt, completion, reported.asInt(), false);
        }
        return new ChatReply(content, reasoning, finish, ttft, e2e, prompt, completion,
                estimateReasoningTokens(content, reasoning, completion), true);
    }

    /** The completion tokens split in proportion to the characters of reasoning and answer. */
    static int estimateReasoningTokens(String content, String reasoning, int completion) {
        if (completion < 0) return -1;
        int thought = reasoning.length();
        int answer = content.length();
        int end = content.lastIndexOf(THINK_END);
        if (end >= 0) {
            thought += end + THINK_END.length();
            answer -= end + THINK_END.length();
        } else if (content.stripLeading().startsWith("<think>")) {
            thought += answer;
            answer = 0;
        }
        int total = thought + answer;
        return total == 0 ? 0 : (int) Math.round((double) completion * thought / total);
    }

    private byte[] body(String prompt, ChatRequestSettings s) {
        try {
            return JSON.writeValueAsBytes(requestJson(prompt, s));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request body sent for {@code prompt}: the routing sweep scores exactly what a router would see. */
    public static ObjectNode requestJson(String prompt, ChatRequestSettings s) {
        ObjectNode b = JSON.createObjectNode();
        b.put("model", s.model());
        ArrayNode messages = b.putArray("messages");
        if (s.systemPrompt() != null) messages.addObject().put("role", "system").put("content", s.systemPrompt());
        messages.addObject().put("role", "user").put("content", prompt);
        b.put("temperature", s.temperature());
        b.put("top_p", s.topP());
        if (s.maxTokens() != null) b.put("max_tokens", s.maxTokens());
        if (s.seed() != null) b.put("seed", s.seed());
        b.put("stream", true);
        b.putObject("stream_options").put("include_usage", true);
        return b;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }
}
