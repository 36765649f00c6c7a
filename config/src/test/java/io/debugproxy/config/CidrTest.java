package io.debugproxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "172.18.0.0/16, 172.18.200.3, true",
            "172.18.0.0/16, 172.19.0.1, false",
            "192.168.1.5, 192.168.1.5, true",
            "192.168.1.5, 192.168.1.6, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "0.0.0.0/0, ::1, false",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "::1, ::1, true",
            "10.0.0.0/9, 10.128.0.1, false",
            "10.0.0.0/9, 10.127.255.255, true"})
    void matchesAddressesInsideTheBlock(String cidr, String address, boolean inside) throws UnknownHostException {
        assertEquals(inside, Cidr.parse(cidr).contains(ip(address)));
    }

    @Test
    void clearsHostBits() {
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.2.3/8"));
        assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").toString());
    }

    @Test
    void bareAddressIsSingleHostBlock() {
        assertEquals(128, Cidr.parse("fd00::1").prefixLength());
        assertEquals(32, Cidr.parse("10.0.0.1").prefixLength());
    }

    @Test
    void saysWhichPartIsNotAnIpAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("300.1.1.1/8"));
        assertEquals("'300.1.1.1/8' is not a CIDR block like 10.0.0.0/8 or fd00::/8 ('300.1.1.1' is not a valid IP address)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("/8"));
        assertTrue(e.getMessage().endsWith("(no IP address before the '/')"), e.getMessage());
    }

    @Test
    void knowsTheBlocksThatCoverAWholeAddressFamily() {
        assertTrue(Cidr.parse("0.0.0.0/0").coversEveryAddress());
        assertTrue(Cidr.parse("::/0").coversEveryAddress());
        assertFalse(Cidr.parse("0.0.0.0/1").coversEveryAddress());
        assertEquals(List.of(Cidr.parse("::/0")),
                new HttpSettings(List.of(Cidr.parse("172.18.0.0/16"), Cidr.parse("::/0"))).trustedEverywhere());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "traefik", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/33", "256.0.0.0/8",
            "10.0.0/8", "010.0.0.0/8", "fd00::/129", "fd00::zz/8", "g::1", "10.0.0.0/+8", "fe80::1%eth0"})
    void rejectsTextThatIsNotACidr(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }
}
