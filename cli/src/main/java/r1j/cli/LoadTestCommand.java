package r1j.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code r1j loadtest}: a bounded burst of streaming chat requests against an OpenAI-compatible server (r1j, vLLM,
 * llama-server), reporting throughput and latency percentiles. Loopback only unless {@code --allow-remote}: it is
 * a way to measure one's own server, not to load someone else's.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Send M streaming chat requests, N at a time, to an OpenAI-compatible server; print requests/s,"
                + " generated tokens/s and time-to-first-token and end-to-end percentiles.")
final class LoadTestCommand implements Callable<Integer> {
    static final int MAX_REQUESTS = 10_000;
    static final int MAX_CONCURRENCY = 256;
    static final int MAX_TOKENS = 32_768;

    @Option(names = "--url", paramLabel = "URL", description = "The server (default: ${DEFAULT-VALUE}).")
    String url = "http://127.0.0.1:8000";

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", description = "Requests in flight at once"
            + " (default: ${DEFAULT-VALUE}, at most " + MAX_CONCURRENCY + ").")
    int concurrency = 4;

    @Option(names = {"-n", "--requests"}, paramLabel = "M", description = "Requests in all (default: ${DEFAULT-VALUE},"
            + " at most " + MAX_REQUESTS + ").")
    int requests = 32;

    @Option(names = "--max-tokens", paramLabel = "T", description = "max_tokens of each request (default:"
            + " ${DEFAULT-VALUE}).")
    int maxTokens = 128;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Sent as 'Authorization: Bearer KEY' (default: the"
            + " R1J_API_KEY environment variable, else none).")
    String apiKey = System.getenv("R1J_API_KEY");

    @Option(names = "--model", paramLabel = "NAME", description = "The model field (default: the server's first model).")
    String model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The user message (default: ${DEFAULT-VALUE}).")
    String prompt = "Explain why the sky is blue.";

    @Option(names = "--no-ignore-eos", negatable = true, description = "Send ignore_eos, so every request generates"
            + " exactly T tokens (default: on; vLLM and llama-server accept it too).")
    boolean ignoreEos = true;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed requests sent one at a time first, so neither"
            + " client nor server starts cold inside the timed run (default: ${DEFAULT-VALUE}; vLLM's serving benchmark"
            + " sends one too).")
    int warmup = 1;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 600;

    @Option(names = "--allow-remote", description = "Allow a server that is not on this machine's loopback interface.")
    boolean allowRemote;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be in [1, " + MAX_CONCURRENCY + "], got " + concurrency);
        }
        if (requests < 1 || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException("--requests must be in [1, " + MAX_REQUESTS + "], got " + requests);
        }
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("--max-tokens must be in [1, " + MAX_TOKENS + "], got " + maxTokens);
        }
        if (warmup < 0 || warmup > MAX_REQUESTS) {
            throw new IllegalArgumentException("--warmup must be in [0, " + MAX_REQUESTS + "], got " + warmup);
        }
        if (timeoutSeconds < 1) throw new IllegalArgumentException("--timeout must be >= 1 s, got " + timeoutSeconds);
        URI base = baseUri(url);
        if (!allowRemote) requireLoopback(base);

        LoadTest test = new LoadTest(base, apiKey, Duration.ofSeconds(timeoutSeconds));
        String modelName = model != null ? model : test.firstModel();
        System.out.printf("r1j loadtest: %d requests, concurrency %d, max tokens %d%s against %s (model %s), after %d"
                + " warm-up request(s)%n", requests, concurrency, maxTokens, ignoreEos ? " (ignore_eos)" : "", base,
                modelName, warmup);
        LoadTest.Plan plan = new LoadTest.Plan(modelName, prompt, maxTokens, ignoreEos, requests, concurrency);
        test.warmUp(plan, warmup);
        LoadTest.Report report = test.run(plan);
        System.out.print(report.format());
        return report.failed() == 0 ? 0 : 1;
    }

    /** {@code http://host:port} with no path, query or trailing slash; only http and https. */
    static URI baseUri(String url) {
        URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--url must start with http:// or https://, got '" + url + "'");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("--url has no host: '" + url + "'");
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.equals("/v1")) uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        else if (!path.isEmpty()) throw new IllegalArgumentException("--url is the server's root, e.g."
                + " http://127.0.0.1:8000 (got the path '" + path + "')");
        return uri;
    }

    /** Every address the host names must be a loopback one: a load generator aimed elsewhere needs consent. */
    static void requireLoopback(URI base) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(base.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the host of --url: " + base.getHost());
        }
        for (InetAddress a : addresses) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException(base.getHost() + " (" + a.getHostAddress() + ") is not a loopback"
                        + " address; loadtest only targets this machine unless --allow-remote is given");
            }
        }
    }
}
