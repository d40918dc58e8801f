package r1j.server;

import r1j.server.http.RequestBody;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import r1j.dialogue.ConversationService;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.store.ConversationStore;
import r1j.engine.runtime.Engine;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.settings.SettingsResolver;
import r1j.server.ServerConfig.SamplingDefaultsPolicy;
import r1j.server.conversations.ConversationsHandler;
import r1j.server.metrics.RequestMetrics;
import r1j.server.web.WebChatPage;

/**
 * The OpenAI-compatible HTTP server: wires the handlers to a model and an engine and listens. Closing it stops
 * listening; the engine and the model belong to the caller.
 */
public final class OpenAiServer implements AutoCloseable {
    private final Javalin app;

    private OpenAiServer(Javalin app) {
        this.app = app;
    }

    /**
     * @param engine        generates every request (chat, completions, conversations)
     * @param requests      the per-request latencies {@code engine} reports (its {@code RequestMonitor})
     * @param conversations the store behind {@code /v1/conversations}; null serves those routes as 404 "not
     *                      enabled" (tests and deployments without a store)
     */
    public static OpenAiServer start(ServedModel served, Engine engine, RequestMetrics requests, ServerConfig config,
            ConversationStore conversations) {
        SamplingOverrides defaults = config.samplingDefaults() == SamplingDefaultsPolicy.MODEL
                ? served.model().samplingDefaults() : SamplingOverrides.NONE;
        SettingsResolver settings = new SettingsResolver(defaults, served.maxModelLen(), config.reasoningBudget(),
                config.speculative());
        ChatPromptBuilder prompts = new ChatPromptBuilder(served.model(), config.systemPrompt());
        InfoHandlers info = new InfoHandlers(served);
        ConversationService conversationService = conversationService(served, engine, conversations);
        ChatCompletionsHandler chat = new ChatCompletionsHandler(served, prompts, settings, engine,
                config.reasoningFormat(), conversationService == null ? null : new ConversationChatCompletions(
                        conversationService, settings, served.model().tokenizer(), served.name()));
        CompletionsHandler completions = new CompletionsHandler(served, settings, engine);
        TokenizeHandlers tokens = new TokenizeHandlers(served, prompts);
        Optional<ApiKeyCheck> apiKey = config.apiKey().map(ApiKeyCheck::new);
        MetricsHandler metrics = new MetricsHandler(served.name(), engine, requests);
        DocsHandlers docs = new DocsHandlers();
        WebChatPage webChat = new WebChatPage();
        ConversationsHandler conversationRoutes = conversationService == null ? ConversationsHandler.disabled()
                : new ConversationsHandler(conversationService, settings, served.model().tokenizer());

        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = config.maxRequestBytes();
            // Compression would buffer the event stream; token deltas must leave at once.
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jetty.modifyHttpConfiguration(http -> ConnectionLimits.configure(http, config));
            c.jetty.modifyServer(server -> ConnectionLimits.configure(server, config));
            c.appData(RequestBody.TIMEOUT, config.bodyTimeout());
            // A wrong method on an existing route is a 405 naming the allowed ones, not a 404.
            c.http.prefer405over404 = true;
            CrossOrigin.configure(c, config.allowedOrigins());
            // The library files of GET /docs (Swagger UI) and of the web chat, from webjars on the classpath.
            c.staticFiles.enableWebjars();
            // The web chat's own scripts and styles; its page is GET /.
            c.staticFiles.add(files -> {
                files.hostedPath = WebChatPage.HOSTED_PATH;
                files.directory = WebChatPage.RESOURCES;
                files.location = Location.CLASSPATH;
            });
            Routes.install(c.routes, apiKey, info, chat, completions, tokens, metrics, docs, webChat,
                    conversationRoutes);
        });
        app.start();
        ConnectionLimits.configureConnectors(app.jettyServer().server(), config);
        return new OpenAiServer(app);
    }

    /** The port it listens on (the free one chosen when configured with 0). */
    public int port() {
        return app.port();
    }

    /** The dialogue service over {@code store}, generating through the same engine as every other request. */
    private static ConversationService conversationService(ServedModel served, Engine engine, ConversationStore store) {
        if (store == null) return null;
        DialogueModel model = DialogueModel.of(served.model(), served.maxModelLen(), engine);
        return new ConversationService(store, model, Clock.systemUTC(), Duration.ofSeconds(30));
    }

    /** {@code "GET /v1/models"} for every route, in the table's order (the docs test checks each is described). */
    List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .toList();
    }

    @Override
    public void close() {
        app.stop();
    }
}
