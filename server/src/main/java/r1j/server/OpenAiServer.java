package r1j.server;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import r1j.agent.AgentSetup;
import r1j.dialogue.ConversationService;
import r1j.dialogue.context.DialogueModel;
import r1j.dialogue.store.ConversationStore;
import r1j.engine.runtime.Engine;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.settings.SettingsResolver;
import r1j.server.ServerConfig.SamplingDefaultsPolicy;
import r1j.server.chat.ChatCompletionsHandler;
import r1j.server.completions.CompletionsHandler;
import r1j.server.conversations.ConversationChatCompletions;
import r1j.server.conversations.ConversationsHandler;
import r1j.server.generation.ServedModel;
import r1j.server.http.ApiKeyCheck;
import r1j.server.http.ConnectionLimits;
import r1j.server.http.CrossOrigin;
import r1j.server.http.RequestBody;
import r1j.server.info.DocsHandlers;
import r1j.server.info.InfoHandlers;
import r1j.server.info.TokenizeHandlers;
import r1j.server.metrics.MetricsHandler;
import r1j.server.metrics.RequestMetrics;
import r1j.server.prompt.ChatPromptBuilder;
import r1j.server.tools.ToolsHandler;
import r1j.server.routing.RouteMetricsText;
import r1j.server.routing.RouteSetup;
import r1j.server.routing.RoutedChatCompletions;
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
        return start(served, engine, requests, config, conversations, AgentSetup.none(), null);
    }

    /**
     * As {@link #start(ServedModel, Engine, RequestMetrics, ServerConfig, ConversationStore)}, with the tools that
     * conversation messages run when they ask for them ({@code --tools}; listed by {@code GET /v1/tools}).
     */
    public static OpenAiServer start(ServedModel served, Engine engine, RequestMetrics requests, ServerConfig config,
            ConversationStore conversations, AgentSetup agent) {
        return start(served, engine, requests, config, conversations, agent, null);
    }

    /**
     * As above, with {@code route} (not null: {@code serve --route}) deciding per chat request between this engine
     * (the edge) and route.yaml's upstreams (the centre).
     */
    public static OpenAiServer start(ServedModel served, Engine engine, RequestMetrics requests, ServerConfig config,
            ConversationStore conversations, RouteSetup route) {
        return start(served, engine, requests, config, conversations, AgentSetup.none(), route);
    }

    /** The full form: the server's tools ({@link AgentSetup#none()} for none) and its router (null for none). */
    public static OpenAiServer start(ServedModel served, Engine engine, RequestMetrics requests, ServerConfig config,
            ConversationStore conversations, AgentSetup agent, RouteSetup route) {
        SamplingOverrides defaults = config.samplingDefaults() == SamplingDefaultsPolicy.MODEL
                ? served.model().samplingDefaults() : SamplingOverrides.NONE;
        SettingsResolver settings = new SettingsResolver(defaults, served.maxModelLen(), config.reasoningBudget(),
                config.speculative());
        ChatPromptBuilder prompts = new ChatPromptBuilder(served.model(),
                config.systemPrompt() == ServerConfig.SystemPromptPolicy.FOLD_INTO_FIRST_USER);
        InfoHandlers info = new InfoHandlers(served, settings);
        ConversationService conversationService = conversationService(served, engine, conversations);
        ConversationChatCompletions conversationChat = conversationService == null ? null
                : new ConversationChatCompletions(conversationService, settings, served.model().tokenizer(),
                        served.name());
        ChatCompletionsHandler chat = new ChatCompletionsHandler(served, prompts, settings, engine,
                config.reasoningFormat(), conversationChat == null ? null : conversationChat::handle);
        CompletionsHandler completions = new CompletionsHandler(served, settings, engine);
        TokenizeHandlers tokens = new TokenizeHandlers(served, prompts);
        Optional<ApiKeyCheck> apiKey = config.apiKey().map(ApiKeyCheck::new);
        Handler chatRoute = route == null ? chat : new RoutedChatCompletions(chat, route, served::require);
        MetricsHandler metrics = new MetricsHandler(served.name(), engine, requests,
                route == null ? out -> {} : new RouteMetricsText(route)::writeTo);
        DocsHandlers docs = new DocsHandlers();
        WebChatPage webChat = new WebChatPage();
        ConversationsHandler conversationRoutes = conversationService == null ? ConversationsHandler.disabled()
                : new ConversationsHandler(conversationService, settings, served.model().tokenizer(), agent);
        ToolsHandler tools = new ToolsHandler(agent);

        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = config.maxRequestBytes();
            // Compression would buffer the event stream; token deltas must leave at once.
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jetty.modifyHttpConfiguration(http -> ConnectionLimits.configure(http, config.idleTimeout()));
            c.jetty.modifyServer(server -> ConnectionLimits.configure(server, config.maxConnections(),
                    config.idleTimeout()));
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
            Routes.install(c.routes, apiKey, info, chatRoute, completions, tokens, metrics, docs, webChat,
                    conversationRoutes, tools);
        });
        app.start();
        ConnectionLimits.configureConnectors(app.jettyServer().server(), config.idleTimeout());
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
