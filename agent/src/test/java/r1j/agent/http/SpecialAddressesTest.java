package r1j.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecialAddressesTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0 | this-network",
            "10.1.2.3 | private",
            "100.64.0.1 | shared (carrier-grade NAT)",
            "127.0.0.1 | loopback",
            "127.255.255.254 | loopback",
            "169.254.169.254 | link-local",
            "172.16.0.1 | private",
            "172.31.255.255 | private",
            "192.168.1.1 | private",
            "224.0.0.1 | multicast",
            "255.255.255.255 | reserved",
            "::1 | loopback",
            ":: | unspecified",
            "fe80::1 | link-local",
            "fc00::1 | unique local",
            "fd12:3456::1 | unique local",
            "ff02::1 | multicast",
            "::ffff:127.0.0.1 | loopback",
            "::ffff:7f00:1 | loopback",
            "::ffff:10.0.0.1 | private",
            "64:ff9b::7f00:1 | loopback (in NAT64 form)",
            "2002:7f00:1:: | loopback (in 6to4 form)",
            "2001:db8::1 | documentation"})
    void special_ranges_are_recognised(String address, String kind) throws UnknownHostException {
        assertThat(SpecialAddresses.kind(InetAddress.getByName(address))).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "11.0.0.1", "2606:4700:4700::1111",
            "64:ff9b::808:808", "2002:808:808::"})
    void public_addresses_pass(String address) throws UnknownHostException {
        assertThat(SpecialAddresses.kind(InetAddress.getByName(address))).isNull();
    }

    @org.junit.jupiter.api.Test
    void ipv4_mapped_addresses_kept_in_ipv6_form_are_refused_outright() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 8;
        mapped[13] = 8;
        mapped[14] = 8;
        mapped[15] = 8;
        assertThat(SpecialAddresses.kind(java.net.Inet6Address.getByAddress(null, mapped, -1))).isEqualTo("IPv4-mapped");
    }
}
