package r1j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import r1j.eval.Evaluation;
import r1j.eval.client.OpenAiChatClient;
import r1j.eval.dataset.Dataset;
import r1j.eval.grading.Grader;
import r1j.eval.routing.RoutingCurve;
import r1j.eval.run.RunSpec;
import r1j.router.config.RouteConfig;
import r1j.router.config.RouteConfigLoader;
import r1j.router.decide.Escalation;
import r1j.router.decide.Router;

/**
 * {@code r1j eval --route route.yaml}: the same dataset and sampling on the edge (the usual {@code --url} or
 * {@code --model}) and on route.yaml's first upstream (the centre, with its key from {@code api_key_env}), each a
 * resumable run of its own, then the routing curve over both in OUTPUT's summary.json and report.html.
 */
final class RoutedEval {
    private RoutedEval() {}

    static int run(EvalCommand c, Dataset data, String version, Evaluation.Options options, PrintStream out,
            PrintStream err) throws Exception {
        RouteConfig config = RouteConfigLoader.load(c.route);
        if (c.models.size() > 1 || c.temperatures.size() > 1) {
            throw new CommandLine.ParameterException(c.spec.commandLine(),
                    "--route compares one edge with the centre: give one --model and one --temperature");
        }
        RouteConfig.Upstream up = config.upstreams().getFirst();
        double temperature = c.temperatures.getFirst();
        String target = c.models.isEmpty() ? null : c.models.getFirst();
        Duration timeout = Duration.ofSeconds(c.requestTimeout);
        try (Grader grader = new Grader(Duration.ofSeconds(c.casTimeout))) {
            Path localModel = c.url == null ? ModelSource.resolve(target) : null;
            Evaluation.Result edge;
            RunSpec edgeSpec;
            try (LocalModelServer local = c.url == null ? c.startLocal(err, localModel) : null) {
                URI base = local != null ? local.base() : c.url;
                OpenAiChatClient client = new OpenAiChatClient(base, local != null ? null : c.apiKey, timeout);
                ObjectNode model = local != null ? LocalModelIdentity.of(localModel, local.name())
                        : Evaluation.remoteModel(client, target);
                edgeSpec = c.runSpec(version, data, model, local != null ? "local (in-process r1j server)"
                        : base.toString(), temperature, "edge " + model.get("request_name").asText());
                edge = Evaluation.run(client, grader, data, edgeSpec, c.output.resolve("edge"), options);
            }
            out.print(Evaluation.terminalSummary(edge.summary()));
            OpenAiChatClient centreClient = new OpenAiChatClient(URI.create(up.url()),
                    up.apiKeyEnv() == null ? null : System.getenv(up.apiKeyEnv()), timeout);
            ObjectNode centreModel = Evaluation.remoteModel(centreClient, up.model());
            RunSpec centreSpec = c.runSpec(version, data, centreModel, up.url(), temperature,
                    "centre " + up.name() + " " + centreModel.get("request_name").asText());
            Evaluation.Result centre = Evaluation.run(centreClient, grader, data, centreSpec, c.output.resolve("centre"),
                    options);
            out.print(Evaluation.terminalSummary(centre.summary()));
            RoutingCurve curve = Evaluation.writeRouting(c.output, new Router(config), new Escalation(config.escalate()),
                    data, edgeSpec, edge, centre);
            out.print(table(curve));
            out.println("  wrote " + c.output.resolve("summary.json") + ", " + c.output.resolve("report.html"));
            int failed = edge.failed().size() + centre.failed().size();
            if (failed > 0) {
                err.printf("r1j eval: %d sample(s) failed and were not recorded; run the same command again to retry"
                        + " them%n", failed);
                return 3;
            }
            return 0;
        }
    }

    private static String table(RoutingCurve c) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%nrouting (rule %s, %d paired samples): edge %.4f, centre %.4f%n  %-10s %8s %9s %9s %8s%n", c.rule(),
                c.pairs(), c.edgeAccuracy(), c.centreAccuracy(), "threshold", "share", "accuracy", "random", "gain"));
        for (RoutingCurve.Point p : c.score()) {
            b.append(String.format(Locale.ROOT, "  %-10s %7.1f%% %9.4f %9.4f %+8.4f%n",
                    p.threshold() > 1 ? "none" : String.format(Locale.ROOT, "%.4f", p.threshold()),
                    100 * p.centreShare(), p.accuracy(), p.randomAccuracy(), p.gain()));
        }
        return b.toString();
    }
}
