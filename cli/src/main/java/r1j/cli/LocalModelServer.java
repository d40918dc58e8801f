package r1j.cli;

import java.net.URI;
import java.nio.file.Path;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.EngineOptions;
import r1j.engine.runtime.WarmUp;
import r1j.server.OpenAiServer;
import r1j.server.ServerConfig;
import r1j.server.generation.ServedModel;
import r1j.server.metrics.RequestMetrics;

/**
 * {@code r1j eval --model PATH} without {@code --url}: r1j's own OpenAI server on a loopback ephemeral port, started
 * the way {@code serve} starts it, so a local evaluation goes through the same HTTP path (and measures the same
 * latency) as a remote one.
 */
final class LocalModelServer implements AutoCloseable {
    private final LoadedModel loaded;
    private final BatchEngine engine;
    private final OpenAiServer server;
    private final String name;

    private LocalModelServer(LoadedModel loaded, BatchEngine engine, OpenAiServer server, String name) {
        this.loaded = loaded;
        this.engine = engine;
        this.server = server;
        this.name = name;
    }

    static LocalModelServer start(Path model, int threads, int sequences, int maxModelLen) throws Exception {
        // The server's start-up log is noise between the progress bar and the summary; warnings still show.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        LoadedModel loaded = LoadedModel.load(model);
        try {
            WarmUp.run(loaded, threads); // the first samples' latency should not include the JIT compiling the kernels
            int context = Math.min(maxModelLen, loaded.config().contextLength());
            long perToken = BatchEngine.kvBytesPerToken(loaded);
            // As serve sizes it: every sequence at full length, but at most half the heap.
            long kvBytes = Math.max(perToken * 16, Math.min((long) sequences * context * perToken,
                    Runtime.getRuntime().maxMemory() / 2));
            EngineOptions options = new EngineOptions(threads, sequences, context, kvBytes, 16, Math.max(512, sequences),
                    Math.max(64, sequences));
            RequestMetrics requests = new RequestMetrics();
            BatchEngine engine = new BatchEngine(loaded, options, requests);
            String name = model.getFileName().toString();
            ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).servedModelName(name)
                    .maxModelLen(context).maxNumSeqs(sequences).maxWaitingRequests(Math.max(64, sequences)).build();
            try {
                return new LocalModelServer(loaded, engine,
                        OpenAiServer.start(new ServedModel(name, loaded, context), engine, requests, config, null), name);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
        } catch (Exception e) {
            loaded.close();
            throw e;
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.port() + "/v1");
    }

    /** The model id clients send. */
    String name() {
        return name;
    }

    @Override
    public void close() throws Exception {
        try (LoadedModel l = loaded; BatchEngine e = engine) {
            server.close();
        }
    }
}
