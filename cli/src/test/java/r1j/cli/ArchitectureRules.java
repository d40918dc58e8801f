package r1j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;

/**
 * The layering rules, written for a root package so that the same rule runs on the production classes ({@code r1j})
 * and on a deliberately bad fixture ({@code r1j.cli.archfixture}), which proves each rule can fail.
 */
final class ArchitectureRules {
    /** The server's packages of routes: each owns its routes and may not use another's classes. */
    static final List<String> ROUTE_PACKAGES =
            List.of("chat", "completions", "conversations", "info", "metrics", "web");
    /** What the route packages share: plumbing, request and response records, running requests, building prompts. */
    static final List<String> SHARED_SERVER_PACKAGES = List.of("http", "protocol", "generation", "prompt");

    private ArchitectureRules() {}

    /** No two packages depend on each other, directly or in a ring. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    static ArchRule engineKnowsNothingAbove(String root) {
        return noClasses().that().resideInAPackage(root + ".engine..")
                .should().dependOnClassesThat().resideInAnyPackage(packages(root, "dialogue..", "agent..", "server..",
                        "eval..", "cli..", "hub..", "router.."))
                .because("the engine is the bottom layer: every entry point uses it, it uses none of them");
    }

    /**
     * The offline tools (quantizing, synthetic models, and the GGUF writer they share) are commands of their own: the
     * runtime (engine, server, dialogue, ...) loads and runs models and never writes one.
     */
    static ArchRule offlineToolsStayOffline(String root) {
        String writer = root + ".engine.gguf.GgufWriter";
        return noClasses().that().resideOutsideOfPackages(packages(root, "engine.quantize..", "engine.synth..",
                        "cli..", "bench.."))
                .and().haveNameNotMatching(writer.replace(".", "\\.") + "(\\$.*)?")
                .should().dependOnClassesThat()
                .resideInAnyPackage(packages(root, "engine.quantize..", "engine.synth.."))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(writer)
                .because("only the CLI's quantize, synth and bench commands write models");
    }

    /**
     * The server's layers: the root package wires everything, the route packages use only the shared ones, and the
     * shared packages know no route and no wiring.
     */
    static ArchRule serverLayers(String root) {
        String server = root + ".server";
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("wiring").definedBy(server)
                .layer("routes").definedBy(packages(server, ROUTE_PACKAGES.stream().map(p -> p + "..").toList()))
                .layer("shared").definedBy(packages(server,
                        SHARED_SERVER_PACKAGES.stream().map(p -> p + "..").toList()))
                .whereLayer("wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("routes").mayOnlyBeAccessedByLayers("wiring");
    }

    /** A route package uses no other route package's classes: what two of them need belongs in a shared package. */
    static ArchRule routePackagesAreIndependent(String root) {
        String prefix = root + ".server.";
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                for (String route : ROUTE_PACKAGES) {
                    String pkg = prefix + route;
                    if (c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".")) {
                        return SliceIdentifier.of(route);
                    }
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the route packages of " + root + ".server";
            }
        }).should().notDependOnEachOther();
    }

    private static String[] packages(String root, String... relative) {
        return packages(root, List.of(relative));
    }

    private static String[] packages(String root, List<String> relative) {
        return relative.stream().map(p -> root + "." + p).toArray(String[]::new);
    }
}
