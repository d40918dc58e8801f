package r1j.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.Optional;
import r1j.server.chat.ChatCompletionsHandler;
import r1j.server.completions.CompletionsHandler;
import r1j.server.conversations.ConversationsHandler;
import r1j.server.http.ApiKeyCheck;
import r1j.server.http.ErrorMapper;
import r1j.server.info.DocsHandlers;
import r1j.server.info.InfoHandlers;
import r1j.server.info.TokenizeHandlers;
import r1j.server.metrics.MetricsHandler;
import r1j.server.tools.ToolsHandler;
import r1j.server.web.WebChatPage;

/** Every route of the server, in one table that reads like the API's documentation. */
final class Routes {
    private Routes() {}

    static void install(RoutesConfig routes, Optional<ApiKeyCheck> apiKey, InfoHandlers info,
            Handler chat, CompletionsHandler completions, TokenizeHandlers tokens,
            MetricsHandler metrics, DocsHandlers docs, WebChatPage webChat,
            ConversationsHandler conversations, ToolsHandler tools) {
        // Before matched routes only, so that the CORS handling (a plain before-handler) runs first and a browser
        // can read a 401, and a CORS preflight (OPTIONS, never a route here) needs no key.
        apiKey.ifPresent(check -> routes.beforeMatched("/v1/*", check));

        routes.get("/health", info::health);
        routes.get("/version", info::version);
        routes.get("/v1/models", info::models);
        routes.get("/v1/models/<model>", info::model);
        routes.post("/v1/chat/completions", chat);
        routes.post("/v1/completions", completions);
        routes.post("/tokenize", tokens::tokenize);
        routes.post("/detokenize", tokens::detokenize);
        // Server-side conversations (the dialogue layer): the client sends only its new message.
        routes.post("/v1/conversations", conversations::create);
        routes.get("/v1/conversations", conversations::list);
        routes.get("/v1/conversations/{id}", conversations::get);
        routes.post("/v1/conversations/{id}", conversations::update);
        routes.delete("/v1/conversations/{id}", conversations::delete);
        routes.get("/v1/conversations/{id}/events", conversations::events);
        routes.get("/v1/conversations/{id}/state", conversations::state);
        routes.post("/v1/conversations/{id}/rewind", conversations::rewind);
        routes.post("/v1/conversations/{id}/messages", conversations::message);
        // The server's agent tools (--tools), which conversation messages run with "tools": "auto".
        routes.get("/v1/tools", tools::list);
        // Outside /v1, so without the API key, as vLLM serves them; every route must be described in openapi.json.
        routes.get("/metrics", metrics::metrics);
        routes.get("/openapi.json", docs::openApi);
        routes.get("/docs", docs::docs);
        // The web chat: the page loads without the key; each API call it makes sends the key the user typed.
        routes.get("/", webChat::page);

        routes.exception(Exception.class, ErrorMapper::handle);
        routes.exception(HttpResponseException.class, ErrorMapper::handle);
        // Unmatched routes end as a bare 404; give them the same JSON shape as every other error.
        routes.error(404, ctx -> {
            if (ctx.attribute(ErrorMapper.WRITTEN) == null) ErrorMapper.write(ctx, ErrorMapper.routeNotFound(ctx));
        });
    }
}
