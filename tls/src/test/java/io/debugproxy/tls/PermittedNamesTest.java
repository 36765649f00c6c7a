package io.debugproxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PermittedNamesTest {
    private final PermittedNames defaults = PermittedNames.defaults();

    @ParameterizedTest(name = "{0} permitted={1}")
    @CsvSource({
            "localhost, true",
            "api.localhost, true",
            "api.debug.localhost, true",
            "*.debug.localhost, true",
            "svc.test, true",
            "db.internal, true",
            "notlocalhost, false",
            "localhost.example.com, false",
            "example.com, false",
            "testing, false"})
    void defaultDomainsPermitThemselvesAndTheirSubdomainsOnly(String name, boolean permitted) {
        assertEquals(permitted, defaults.permitsDns(name));
    }

    @ParameterizedTest(name = "{0} permitted={1}")
    @CsvSource({
            "127.0.0.1, true",
            "127.255.0.9, true",
            "10.20.30.40, true",
            "172.16.0.1, true",
            "172.31.255.255, true",
            "172.32.0.1, false",
            "192.168.1.1, true",
            "192.169.0.1, false",
            "8.8.8.8, false",
            "::1, true",
            "fd12:3456::1, true",
            "2001:db8::1, false"})
    void defaultRangesAreLoopbackAndPrivateOnly(String address, boolean permitted) {
        assertEquals(permitted, defaults.permitsIp(Names.ipAddress(address, "test")));
    }

    @Test
    void leadingDotAndBareDomainMeanTheSame() {
        assertEquals(PermittedNames.parse(List.of("test")), PermittedNames.parse(List.of(".test", "TEST")));
    }

    @Test
    void extraPermitsAddToTheDefaults() {
        PermittedNames names = defaults.plus(List.of(".corp.example", "100.64.0.0/10"));

        assertTrue(names.permitsDns("api.corp.example"));
        assertTrue(names.permitsDns("api.localhost"));
        assertTrue(names.permitsIp(Names.ipAddress("100.64.1.1", "test")));
    }

    @Test
    void roundTripsThroughTheCaCertificate() {
        PermittedNames names = PermittedNames.parse(List.of(".corp.example", "localhost", "10.0.0.0/8", "fd00::/8"));
        CertificateAuthority ca = CertificateAuthority.create(CaOptions.defaults().withPermittedNames(names));

        assertEquals(names, PermittedNames.fromCertificate(ca.certificate()));
    }

    @Test
    void refusesAConstraintSetWithoutDnsDomains() {
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> PermittedNames.parse(List.of("10.0.0.0/8")));

        assertTrue(e.getMessage().contains("at least one DNS domain"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.0.0/8", "10.0.0.0/33", "not a domain", "exa_mple.com", "10.0.0.0/x"})
    void refusesMalformedPermits(String entry) {
        assertThrows(TlsSetupException.class, () -> PermittedNames.parse(List.of("localhost", entry)));
    }

    @Test
    void addressRangesAloneExtendTheDefaultDomains() {
        PermittedNames names = defaults.plus(List.of("100.64.0.0/10"));

        assertTrue(names.permitsIp(Names.ipAddress("100.100.1.1", "test")));
        assertTrue(names.permitsDns("api.localhost"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.0/24", "0.0.0.0/0", "8.8.8.8", "172.0.0.0/8", "::/0", "2001:db8::/32", "2a00::1"})
    void refusesAddressRangesReachingPublicAddresses(String entry) {
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> defaults.plus(List.of(entry)));

        assertTrue(e.getMessage().startsWith("--permit '" + entry + "' reaches public addresses"), e.getMessage());
        assertTrue(e.getMessage().contains("192.168.0.0/16"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.1", "[::1]", "fd00::/8", "fe80::/64"})
    void acceptsLoopbackPrivateSharedAndLinkLocalRanges(String entry) {
        assertEquals(defaults.ipRanges().size() + (defaults.ipRanges().contains(IpRange.parse(entry)) ? 0 : 1),
                defaults.plus(List.of(entry)).ipRanges().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"com", ".com", "COM.", "io", "arpa", "corp"})
    void refusesWholeTopLevelDomains(String entry) {
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> defaults.plus(List.of(entry)));

        assertTrue(e.getMessage().startsWith("--permit '" + entry + "' is a whole top-level domain"), e.getMessage());
    }

    @Test
    void aWholeTopLevelDomainIsRefusedWithoutTheDefaultsToo() {
        assertThrows(TlsSetupException.class, () -> PermittedNames.parse(List.of("localhost", "com")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", ".example", "lan", "invalid", "home.arpa", "example.com", ".debug.example.com"})
    void acceptsReservedSingleLabelsAndDomainsOfTwoOrMoreLabels(String entry) {
        String domain = entry.startsWith(".") ? entry.substring(1) : entry;

        assertTrue(defaults.plus(List.of(entry)).permitsDns("api." + domain));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://x", "localhost:8080", "exa_mple.com", "not a domain", "debug/24"})
    void malformedPermitsNameTheWholeValueAndTheAcceptedForms(String entry) {
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> defaults.plus(List.of(entry)));

        assertTrue(e.getMessage().startsWith("--permit '" + entry + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("DOMAIN, .DOMAIN or CIDR"), e.getMessage());
    }

    @Test
    void aBadPrefixNamesTheWholeValue() {
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> defaults.plus(List.of("10.1.0.0/8")));

        assertTrue(e.getMessage().startsWith("--permit '10.1.0.0/8': "), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 10.0.0.0/8"), e.getMessage());
    }

    @Test
    void hostBitsErrorSuggestsTheNetwork() {
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> IpRange.parse("10.1.2.3/8"));

        assertTrue(e.getMessage().contains("did you mean 10.0.0.0/8"), e.getMessage());
    }
}
