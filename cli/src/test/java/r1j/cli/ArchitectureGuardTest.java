package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureRules} run on the bad fixture in {@code r1j.cli.archfixture}, where every rule is
 * broken once: a rule that found nothing there could never fail on the production classes either.
 */
class ArchitectureGuardTest {
    private static final String ROOT = "r1j.cli.archfixture";
    private static JavaClasses fixture;

    @BeforeAll
    static void importFixture() {
        fixture = new ClassFileImporter().importPackages(ROOT);
    }

    private static String violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(fixture);
        assertThat(result.hasViolation()).as("the rule finds the fixture's violation: " + rule.getDescription())
                .isTrue();
        return result.getFailureReport().toString();
    }

    @Test
    void a_package_cycle_is_found() {
        assertThat(violations(ArchitectureRules.noPackageCycles(ROOT)))
                .contains("Cycle detected").contains(ROOT + ".engine.Sampler")
                .contains(ROOT + ".server.chat.ChatRoute");
    }

    @Test
    void the_engine_using_the_server_is_found() {
        assertThat(violations(ArchitectureRules.engineKnowsNothingAbove(ROOT)))
                .contains(ROOT + ".engine.Sampler").contains(ROOT + ".server.chat.ChatRoute");
    }

    @Test
    void the_runtime_using_an_offline_tool_is_found_and_the_tools_using_each_other_are_not() {
        String report = violations(ArchitectureRules.offlineToolsStayOffline(ROOT));
        assertThat(report).contains(ROOT + ".engine.runtime.Runner").contains(ROOT + ".server.info.InfoRoute")
                .doesNotContain("Field <" + ROOT + ".engine.quantize.Quantizer");
    }

    @Test
    void shared_server_code_reaching_into_the_wiring_is_found() {
        assertThat(violations(ArchitectureRules.serverLayers(ROOT))).contains(ROOT + ".server.http.Plumbing");
    }

    @Test
    void one_route_package_using_another_is_found() {
        assertThat(violations(ArchitectureRules.routePackagesAreIndependent(ROOT)))
                .contains(ROOT + ".server.chat.ChatRoute").contains(ROOT + ".server.info.InfoRoute");
    }
}
