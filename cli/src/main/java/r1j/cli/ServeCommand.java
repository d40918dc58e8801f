package r1j.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import r1j.agent.AgentSetup;
import r1j.dialogue.store.ConversationStore;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.EngineOptions;
import r1j.engine.runtime.WarmUp;
import r1j.server.OpenAiServer;
import r1j.server.ServerConfig;
import r1j.server.chat.ReasoningFormat;
import r1j.server.generation.ServedModel;
import r1j.server.routing.RouteSetup;
import r1j.server.metrics.RequestMetrics;

/** {@code r1j serve}: the OpenAI-compatible server, with vLLM's flag names. Runs until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "OpenAI-compatible HTTP server (/v1/chat/completions, /v1/completions, /v1/models, ...).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, paramLabel = "PATH|ORG/NAME[:QUANT]",
            description = "A .gguf file, a Hugging Face model directory, or a hub model (ORG/NAME[:QUANT], pulled on"
                    + " first use; default: ${DEFAULT-VALUE}).")
    String model = ModelSource.DEFAULT_MODEL;

    @Option(names = {"-q", "--quantization"}, paramLabel = "awq",
            description = "Check that the model is an AWQ checkpoint, as vLLM's flag does (AWQ is also loaded without it;"
                    + " GGUF files carry their own types).")
    String quantization;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host = "0.0.0.0";

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port = 8000;

    @Option(names = "--served-model-name", paramLabel = "NAME",
            description = "The model id clients send (default: ${DEFAULT-VALUE}).")
    String servedModelName = ServerConfig.DEFAULT_MODEL_NAME;

    @Option(names = "--max-model-len", paramLabel = "N",
            description = "Most tokens per request, prompt plus answer; sizes the KV cache (default: ${DEFAULT-VALUE},"
                    + " capped at the model's trained context).")
    int maxModelLen = 8192;

    @Option(names = "--max-num-seqs", paramLabel = "N",
            description = "Sequences decoded together by continuous batching (default: ${DEFAULT-VALUE}).")
    int maxNumSeqs = 8;

    @Option(names = "--max-waiting-requests", paramLabel = "N",
            description = "Requests that may queue behind the running ones; more get 503 (default: ${DEFAULT-VALUE}).")
    int maxWaitingRequests = 64;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Require 'Authorization: Bearer KEY' on every /v1 route (default: the R1J_API_KEY"
                    + " environment variable, else none).")
    String apiKey = System.getenv("R1J_API_KEY");

    @Option(names = "--max-request-bytes", paramLabel = "N",
            description = "Largest request body accepted, in bytes (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes = 16L << 20;

    @Option(names = "--keep-system-prompt",
            description = "Pass system messages to the template instead of folding them into the first user turn"
                    + " (the R1 authors advise folding; requests may override with \"fold_system_prompt\").")
    boolean keepSystemPrompt;

    @Option(names = "--sampling-defaults", paramLabel = "model|openai",
            description = "Defaults for sampling fields a request leaves out: the model's recommendation"
                    + " (R1: temperature 0.6, top-p 0.95) or OpenAI's (default: ${DEFAULT-VALUE}).")
    String samplingDefaults = "model";

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Compute threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--kv-cache-memory", paramLabel = "SIZE",
            description = "Memory for the KV cache of all sequences, e.g. 2GiB or 512MiB (default: what max-num-seqs "
                    + "full-length sequences need, at most half the Java heap).")
    String kvCacheMemory;

    @picocli.CommandLine.Mixin
    StoreOptions store;

    @picocli.CommandLine.Mixin
    ChatTemplateOption template;

    @Option(names = "--no-conversations", description = "Serve without a conversation store (/v1/conversations answers 404).")
    boolean noConversations;

    @Option(names = "--max-batch-tokens", paramLabel = "N",
            description = "Tokens per engine step: decode tokens first, then prompt chunks (default: ${DEFAULT-VALUE}).")
    int maxBatchTokens = 512;

    @Option(names = "--reasoning-budget", paramLabel = "N",
            description = "Most tokens a request may think before </think> is forced, unless it sends reasoning_budget"
                    + " or reasoning_effort (-1 = unlimited, the default; 0 = no thinking).")
    int reasoningBudget = -1;

    @Option(names = "--reasoning-format", paramLabel = "deepseek|none",
            description = "Where chat answers put their thinking: deepseek = reasoning_content (the default), none ="
                    + " inline in content (requests may override with \"reasoning_format\").")
    String reasoningFormat = "deepseek";
    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Close a connection after this many seconds without a byte either way: stalled headers or"
                    + " bodies, idle keep-alives; a request being answered is never cut (default: ${DEFAULT-VALUE}).")
    double idleTimeoutSeconds = ServerConfig.DEFAULT_IDLE_TIMEOUT.toSeconds();

    @Option(names = "--body-timeout", paramLabel = "SECONDS",
            description = "A request body must arrive within this many seconds; a slower one (trickled byte by byte)"
                    + " has its connection closed (default: ${DEFAULT-VALUE}).")
    double bodyTimeoutSeconds = ServerConfig.DEFAULT_BODY_TIMEOUT.toSeconds();

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open connections at most; more wait in the listen backlog (default: ${DEFAULT-VALUE}).")
    int maxConnections = ServerConfig.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--allowed-origins", paramLabel = "ORIGIN", split = ",",
            description = "Browser origins allowed to call the API (CORS), e.g. https://app.example.com; '*' for"
                    + " any (default: none).")
    java.util.List<String> allowedOrigins = java.util.List.of();

    @Option(names = "--no-warmup", description = "Skip the start-up warm-up generation (the first request then pays for"
            + " the JIT compiling the kernels, a few seconds).")
    boolean noWarmup;

    @Option(names = "--route", paramLabel = "ROUTE_YAML",
            description = "Centre-edge routing: this server's model is the edge; the file's OpenAI-compatible upstreams"
                    + " are the centre, chosen per chat request by a cheap score (see the README's Router section).")
    java.nio.file.Path route;

    @picocli.CommandLine.Mixin
    VllmFlags vllm;

    @picocli.CommandLine.Mixin
    ToolOptions tools;

    @picocli.CommandLine.Mixin
    SpeculativeOptions speculative;

    @picocli.CommandLine.Mixin
    KernelOptions kernels;

    @Override
    public Integer call() throws Exception {
        for (String note : vllm.notes()) System.out.println("r1j: " + note);
        // Before the model loads: a malformed tools.json should not cost a minute of loading to find out.
        AgentSetup agent = tools.load();
        r1j.engine.speculative.SpeculativeConfig spec = speculative.config();
        if (spec.enabled()) System.out.println("r1j: speculative decoding: " + spec);
        QuantizationCheck.checkMethod(quantization);
        // Before the model loads: a mistake in route.yaml should cost the user no waiting.
        RouteSetup routing = route == null ? null : RouteSetup.load(route);
        java.nio.file.Path modelPath = ModelSource.resolve(model);
        QuantizationCheck.check(quantization, modelPath);
        kernels.apply();
        try (LoadedModel loaded = template.load(modelPath)) {
            System.out.println("r1j: kernels " + loaded.kernelSummary());
            if (loaded.chatTemplate().isEmpty()) {
                System.err.println("r1j: warning: " + loaded.name() + " has no chat template: /v1/chat/completions and"
                        + " conversations will answer 400 (give one with --chat-template FILE|deepseek-r1|chatml;"
                        + " /v1/completions works without)");
            }
            if (!noWarmup) {
                java.time.Duration took = WarmUp.run(loaded, threads);
                System.out.printf("r1j: warmed up in %.1f s%n", took.toMillis() / 1000.0);
            }
            int contextLength = Math.min(maxModelLen, loaded.config().contextLength());
            if (contextLength < maxModelLen) {
                System.err.printf("r1j: --max-model-len %d exceeds the model's context; using %d%n", maxModelLen, contextLength);
            }
            long kvBytes = kvCacheBytes(loaded, contextLength);
            EngineOptions options = new EngineOptions(threads, maxNumSeqs, contextLength, kvBytes, 16,
                    Math.max(maxBatchTokens, maxNumSeqs), maxWaitingRequests);
            RequestMetrics requests = new RequestMetrics();
            try (BatchEngine engine = new BatchEngine(loaded, options, requests);
                 ConversationStore conversations = noConversations ? null : store.open()) {
                serve(loaded, engine, requests, contextLength, kvBytes, conversations, agent, routing);
            }
        }
        return 0;
    }

    private long kvCacheBytes(LoadedModel loaded, int contextLength) {
        if (kvCacheMemory != null) return ByteSize.parse(kvCacheMemory);
        long full = (long) maxNumSeqs * contextLength * BatchEngine.kvBytesPerToken(loaded);
        return Math.max(BatchEngine.kvBytesPerToken(loaded) * 16, Math.min(full, Runtime.getRuntime().maxMemory() / 2));
    }

    private void serve(LoadedModel loaded, BatchEngine engine, RequestMetrics requests, int contextLength, long kvBytes,
            ConversationStore conversations, AgentSetup agent, RouteSetup routing) throws Exception {
        ServerConfig config = ServerConfig.builder()
                .host(host).port(port).servedModelName(servedModelName)
                .maxModelLen(contextLength).maxNumSeqs(maxNumSeqs)
                .maxWaitingRequests(maxWaitingRequests).apiKey(apiKey).maxRequestBytes(maxRequestBytes)
                .systemPrompt(keepSystemPrompt ? ServerConfig.SystemPromptPolicy.KEEP
                        : ServerConfig.SystemPromptPolicy.FOLD_INTO_FIRST_USER)
                .samplingDefaults(samplingDefaultsPolicy())
                .reasoningBudget(reasoningBudget)
                .reasoningFormat(ReasoningFormat.parse(reasoningFormat))
                .idleTimeout(java.time.Duration.ofMillis(Math.round(idleTimeoutSeconds * 1000)))
                .bodyTimeout(java.time.Duration.ofMillis(Math.round(bodyTimeoutSeconds * 1000)))
                .maxConnections(maxConnections)
                .allowedOrigins(allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList())
                .speculative(speculative.config())
                .build();
        try (OpenAiServer server = OpenAiServer.start(
                new ServedModel(servedModelName, loaded, contextLength), engine, requests, config, conversations,
                agent, routing)) {
            System.out.printf("r1j: serving %s as '%s' on http://%s:%d/v1 (max model len %d, %d sequences,"
                            + " KV cache %d MiB, %d threads%s)%n",
                    loaded.name(), servedModelName, host, server.port(), contextLength, maxNumSeqs, kvBytes >> 20, threads,
                    config.apiKey().isPresent() ? ", API key required" : "");
            String root = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.port();
            if (routing != null) System.out.printf("r1j: routing chat requests (%s)%n", routing.describe());
            System.out.printf("r1j: Prometheus metrics at %s/metrics, API docs at %s/docs%n", root, root);
            if (conversations != null) {
                System.out.printf("r1j: conversations stored in %s%n",
                        store.db != null ? store.db.replaceAll("password=[^&]*", "password=***")
                                : store.dataDir.resolve("conversations.db"));
                System.out.printf("r1j: web chat at %s/%n", root);
            }
            if (!agent.tools().isEmpty()) {
                System.out.printf("r1j: %d tools from %s (%s), at most %d steps per message%n", agent.tools().size(),
                        tools.toolsFile, String.join(", ", agent.tools().functions().stream().map(f -> f.name()).toList()),
                        agent.maxSteps());
                if (conversations == null) {
                    System.err.println("r1j: warning: --tools needs conversations (they run for /v1/conversations"
                            + " messages); with --no-conversations they are listed but never run");
                }
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
    }

    private ServerConfig.SamplingDefaultsPolicy samplingDefaultsPolicy() {
        return switch (samplingDefaults.toLowerCase(java.util.Locale.ROOT)) {
            case "model" -> ServerConfig.SamplingDefaultsPolicy.MODEL;
            case "openai" -> ServerConfig.SamplingDefaultsPolicy.OPENAI;
            default -> throw new IllegalArgumentException("--sampling-defaults must be 'model' or 'openai', got '"
                    + samplingDefaults + "'");
        };
    }
}
