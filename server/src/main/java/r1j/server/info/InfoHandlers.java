package r1j.server.info;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import r1j.engine.settings.SettingsResolver;
import r1j.server.generation.Generations;
import r1j.server.generation.ServedModel;
import r1j.server.http.Json;
import r1j.server.protocol.ModelList;

/** {@code GET /v1/models}, {@code GET /v1/models/{model}}, {@code GET /health}, {@code GET /version}. */
public final class InfoHandlers {
    public static final String VERSION = "0.1.0";

    private final ServedModel served;
    private final SettingsResolver settings;
    private final long startedAt = Generations.nowSeconds();

    public InfoHandlers(ServedModel served, SettingsResolver settings) {
        this.served = served;
        this.settings = settings;
    }

    public void models(Context ctx) {
        Json.write(ctx, 200, new ModelList(List.of(card())));
    }

    public void model(Context ctx) {
        String requested = ctx.pathParam("model");
        served.require(requested);
        Json.write(ctx, 200, card());
    }

    /** 200 with an empty body once the model is loaded (the server only listens after that), as vLLM answers. */
    public void health(Context ctx) {
        ctx.status(200);
    }

    public void version(Context ctx) {
        Json.write(ctx, 200, Map.of("version", VERSION));
    }

    private ModelList.Model card() {
        return new ModelList.Model(served.name(), startedAt, served.model().name(), served.maxModelLen(),
                ModelList.Defaults.of(settings.defaults()));
    }
}
