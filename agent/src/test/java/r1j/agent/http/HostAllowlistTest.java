package r1j.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAllowlistTest {
    @Test
    void reads_names_ip_literals_and_ports() {
        HostAllowlist allow = HostAllowlist.parse(" API.example.com , 127.0.0.1:8081,[::1]:9000, fd00::5 ");
        assertThat(allow.allowsHost("api.example.com", 443)).isTrue();
        assertThat(allow.allowsHost("api.example.com", 8443)).as("no port: any port").isTrue();
        assertThat(allow.allowsHost("127.0.0.1", 8081)).isTrue();
        assertThat(allow.allowsHost("127.0.0.1", 8082)).isFalse();
        assertThat(allow.allowsHost("[::1]", 9000)).isTrue();
        assertThat(allow.allowsHost("[0:0:0:0:0:0:0:1]", 9000)).as("IPv6 written another way").isTrue();
        assertThat(allow.allowsHost("fd00::5", 1)).isTrue();
        assertThat(allow.allowsHost("example.com", 443)).isFalse();
        assertThat(allow.toString()).isEqualTo("api.example.com,127.0.0.1:8081,[0:0:0:0:0:0:0:1]:9000,[fd00:0:0:0:0:0:0:5]");
    }

    @Test
    void an_ip_entry_exempts_that_address_under_any_name_and_a_name_entry_its_own_addresses() {
        HostAllowlist allow = HostAllowlist.parse("127.0.0.1:8081,intranet.local");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        assertThat(allow.exempts("tools.internal", loopback, 8081)).isTrue();
        assertThat(allow.exempts("tools.internal", loopback, 8082)).isFalse();
        assertThat(allow.exempts("intranet.local", InetAddress.ofLiteral("10.0.0.7"), 80)).isTrue();
        assertThat(allow.exempts("other.local", InetAddress.ofLiteral("10.0.0.7"), 80)).isFalse();
    }

    @Test
    void empty_means_none() {
        assertThat(HostAllowlist.parse("").isEmpty()).isTrue();
        assertThat(HostAllowlist.parse(null).isEmpty()).isTrue();
        assertThat(HostAllowlist.parse(" , ").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"host:0", "host:70000", "host:http", "[::1", "[::1]x", ":80", "a b", "http://x"})
    void malformed_entries_are_named(String entry) {
        assertThatThrownBy(() -> HostAllowlist.parse("ok.example," + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tools-allow entry '" + entry.strip() + "'");
    }
}
