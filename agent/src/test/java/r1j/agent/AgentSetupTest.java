package r1j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.agent.toolsfile.ToolsFileException;

class AgentSetupTest {
    @Test
    void without_a_tools_file_there_are_no_tools() {
        AgentSetup setup = AgentSetup.fromFlags(null, null, LoopRequest.DEFAULT_MAX_STEPS);
        assertThat(setup.tools().isEmpty()).isTrue();
        assertThat(setup.maxSteps()).isEqualTo(5);
    }

    @Test
    void flags_are_checked_at_start_up(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("tools.json");
        Files.writeString(good, """
                [{"type": "function", "function": {"name": "calculator"}, "run": {"type": "builtin", "name": "calculator"}}]""");
        assertThat(AgentSetup.fromFlags(good, "127.0.0.1:8081", 3).tools().size()).isEqualTo(1);

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"id\": \"weather\", \"url\": \"/weather\"}]");
        assertThatThrownBy(() -> AgentSetup.fromFlags(bad, null, 5))
                .isInstanceOf(ToolsFileException.class)
                .hasMessage(bad + ": tool 'weather' (entry 1): field 'url': must be an absolute http:// or https:// URL");
        assertThatThrownBy(() -> AgentSetup.fromFlags(good, "127.0.0.1:99999", 5))
                .hasMessageContaining("--tools-allow entry '127.0.0.1:99999'");
        assertThatThrownBy(() -> AgentSetup.fromFlags(good, null, 0)).hasMessageContaining("--max-tool-steps must be >= 1");
    }
}
