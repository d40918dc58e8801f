package r1j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of the architecture sketch, checked on the production classes of every module: data flows one way
 * (cli -> server -> dialogue -> engine; eval talks HTTP only), no two packages depend on each other, directly or
 * in a ring, the offline tools stay out of the runtime, and the server's route packages sit between its wiring and
 * its shared packages. {@link ArchitectureGuardTest} shows each rule of {@link ArchitectureRules} failing.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("r1j");
    }

    @Test
    void no_package_cycles() {
        ArchitectureRules.noPackageCycles("r1j").check(classes);
    }

    @Test
    void the_engine_knows_nothing_above_it() {
        ArchitectureRules.engineKnowsNothingAbove("r1j").check(classes);
    }

    @Test
    void the_runtime_does_not_use_the_offline_tools() {
        ArchitectureRules.offlineToolsStayOffline("r1j").check(classes);
    }

    @Test
    void the_server_wiring_sits_above_its_routes_which_sit_above_the_shared_packages() {
        ArchitectureRules.serverLayers("r1j").check(classes);
    }

    @Test
    void the_server_route_packages_do_not_use_each_other() {
        ArchitectureRules.routePackagesAreIndependent("r1j").check(classes);
    }

    @Test
    void the_dialogue_layer_knows_no_http() {
        noClasses().that().resideInAPackage("r1j.dialogue..")
                .should().dependOnClassesThat().resideInAnyPackage("r1j.server..", "r1j.cli..", "io.javalin..")
                .check(classes);
    }

    @Test
    void the_evaluation_is_only_a_client_of_the_http_api() {
        noClasses().that().resideInAPackage("r1j.eval..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("r1j.engine..", "r1j.dialogue..", "r1j.agent..", "r1j.server..", "r1j.cli..")
                .check(classes);
    }

    @Test
    void the_agent_knows_no_http_server_and_no_conversation_store() {
        noClasses().that().resideInAPackage("r1j.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("r1j.server..", "r1j.dialogue..", "r1j.cli..",
                        "io.javalin..")
                .check(classes);
    }

    @Test
    void the_router_works_on_openai_json_alone() {
        // The server and the eval both use it: it must not drag either in, nor the engine.
        noClasses().that().resideInAPackage("r1j.router..")
                .should().dependOnClassesThat().resideInAnyPackage("r1j.engine..", "r1j.dialogue..", "r1j.server..",
                        "r1j.eval..", "r1j.cli..", "io.javalin..")
                .check(classes);
    }

    @Test
    void the_server_does_not_reach_into_the_cli() {
        noClasses().that().resideInAPackage("r1j.server..")
                .should().dependOnClassesThat().resideInAPackage("r1j.cli..")
                .check(classes);
    }
}
