package r1j.server;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import r1j.server.chat.ReasoningFormat;
import r1j.engine.speculative.SpeculativeConfig;

/**
 * How the server is set up: where it listens, what it calls the model, and the limits it enforces.
 *
 * @param host               interface to bind ({@code 0.0.0.0} = all, as vLLM does)
 * @param port               TCP port; 0 picks a free one (tests)
 * @param servedModelName    the {@code model} id clients send and {@code /v1/models} lists
 * @param maxModelLen        most tokens per sequence, prompt plus completion; longer prompts get a 400
 * @param maxNumSeqs         most sequences decoded at once by the continuous-batching engine
 * @param maxWaitingRequests requests that may wait for the engine; one more gets a 503
 * @param apiKey             when present, every {@code /v1} route needs {@code Authorization: Bearer KEY}
 * @param maxRequestBytes    largest request body accepted (413 above)
 * @param systemPrompt       what to do with system messages unless a request says otherwise
 * @param samplingDefaults   which defaults fill the sampling fields a request leaves out
 * @param reasoningBudget    thinking budget of requests that name none (-1: unlimited, 0: no thinking)
 * @param reasoningFormat    where chat answers put their thinking unless a request says otherwise
 * @param idleTimeout        a connection with no byte in either direction this long is closed (a stalled header or
 *                           body, an idle keep-alive); a request being answered is never cut by it
 * @param bodyTimeout        a request body must have arrived this long after its handler starts reading it (a body
 *                           trickled byte by byte never trips the idle timeout); after it the connection is closed
 * @param maxConnections     open connections at most; more wait in the listen backlog until one closes
 * @param allowedOrigins     browser origins allowed to call the API (CORS), {@code *} for any; empty = none
 * @param speculative        speculative decoding of every request ({@code --speculative}); output unchanged
 */
public record ServerConfig(
        String host,
        int port,
        String servedModelName,
        int maxModelLen,
        int maxNumSeqs,
        int maxWaitingRequests,
        Optional<String> apiKey,
        long maxRequestBytes,
        SystemPromptPolicy systemPrompt,
        SamplingDefaultsPolicy samplingDefaults,
        int reasoningBudget,
        ReasoningFormat reasoningFormat,
        Duration idleTimeout,
        Duration bodyTimeout,
        int maxConnections,
        List<String> allowedOrigins,
        SpeculativeConfig speculative) {

    public static final String DEFAULT_MODEL_NAME = "DeepSeek-R1-Distill-Qwen-1.5B";
    /** Jetty's own default; enough for any client that is actually sending. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** A 16 MiB body (the default limit) still arrives over a 2 Mbit/s uplink. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(120);
    /** Far above what the engine can answer at once (requests beyond the queue get 503s anyway), far below the fd limit. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    /** System messages: folded into the first user turn (the R1 authors' advice) or passed to the template. */
    public enum SystemPromptPolicy { FOLD_INTO_FIRST_USER, KEEP }

    /** Fields a request leaves out: the model's recommendation (R1: temperature 0.6, top-p 0.95) or OpenAI's. */
    public enum SamplingDefaultsPolicy { MODEL, OPENAI }

    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        if (servedModelName == null || servedModelName.isBlank()) {
            throw new IllegalArgumentException("the served model name must not be blank");
        }
        if (maxModelLen < 2) throw new IllegalArgumentException("max model length must be >= 2, got " + maxModelLen);
        if (maxNumSeqs < 1) throw new IllegalArgumentException("max-num-seqs must be >= 1, got " + maxNumSeqs);
        if (maxWaitingRequests < 0) {
            throw new IllegalArgumentException("max waiting requests must be >= 0, got " + maxWaitingRequests);
        }
        apiKey = apiKey.filter(k -> !k.isEmpty());
        if (reasoningBudget < -1) {
            throw new IllegalArgumentException("the reasoning budget must be -1 (unlimited), 0 (no thinking) or a"
                    + " positive number of tokens, got " + reasoningBudget);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max request size must be >= 1024 bytes, got " + maxRequestBytes);
        }
        if (idleTimeout.isNegative() || idleTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("idle timeout must be at least 100 ms, got " + idleTimeout);
        }
        if (bodyTimeout.isNegative() || bodyTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("body timeout must be at least 100 ms, got " + bodyTimeout);
        }
        if (maxConnections < 1) throw new IllegalArgumentException("max connections must be >= 1, got " + maxConnections);
        allowedOrigins = List.copyOf(allowedOrigins);
        if (speculative == null) speculative = SpeculativeConfig.NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every knob has a default; set only what differs. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8000;
        private String servedModelName = DEFAULT_MODEL_NAME;
        private int maxModelLen = 8192;
        private int maxNumSeqs = 8;
        private int maxWaitingRequests = 64;
        private String apiKey;
        private long maxRequestBytes = 16L << 20;
        private SystemPromptPolicy systemPrompt = SystemPromptPolicy.FOLD_INTO_FIRST_USER;
        private SamplingDefaultsPolicy samplingDefaults = SamplingDefaultsPolicy.MODEL;
        private int reasoningBudget = -1;
        private ReasoningFormat reasoningFormat = ReasoningFormat.DEEPSEEK;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private List<String> allowedOrigins = List.of();
        private SpeculativeConfig speculative = SpeculativeConfig.NONE;

        private Builder() {}

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder servedModelName(String value) {
            servedModelName = value;
            return this;
        }

        public Builder maxModelLen(int value) {
            maxModelLen = value;
            return this;
        }

        public Builder maxNumSeqs(int value) {
            maxNumSeqs = value;
            return this;
        }

        public Builder maxWaitingRequests(int value) {
            maxWaitingRequests = value;
            return this;
        }

        public Builder apiKey(String value) {
            apiKey = value;
            return this;
        }

        public Builder maxRequestBytes(long value) {
            maxRequestBytes = value;
            return this;
        }

        public Builder systemPrompt(SystemPromptPolicy value) {
            systemPrompt = value;
            return this;
        }

        public Builder samplingDefaults(SamplingDefaultsPolicy value) {
            samplingDefaults = value;
            return this;
        }

        public Builder reasoningBudget(int value) {
            reasoningBudget = value;
            return this;
        }

        public Builder reasoningFormat(ReasoningFormat value) {
            reasoningFormat = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder bodyTimeout(Duration value) {
            bodyTimeout = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder allowedOrigins(List<String> value) {
            allowedOrigins = value;
            return this;
        }

        public Builder speculative(SpeculativeConfig value) {
            speculative = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, servedModelName, maxModelLen, maxNumSeqs, maxWaitingRequests,
                    Optional.ofNullable(apiKey), maxRequestBytes, systemPrompt, samplingDefaults, reasoningBudget,
                    reasoningFormat, idleTimeout, bodyTimeout, maxConnections, allowedOrigins, speculative);
        }
    }
}
