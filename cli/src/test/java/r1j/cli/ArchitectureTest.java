package r1j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of the architecture sketch, checked on the production classes of every module: data flows one way
 * (cli -> server -> dialogue -> engine; eval talks HTTP only) and no two packages depend on each other, directly or
 * in a ring.
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
        slices().matching("r1j.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void the_engine_knows_nothing_above_it() {
        noClasses().that().resideInAPackage("r1j.engine..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("r1j.dialogue..", "r1j.agent..", "r1j.server..", "r1j.eval..", "r1j.cli..")
                .because("the engine is the bottom layer: every entry point uses it, it uses none of them")
                .check(classes);
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
