package io.debugproxy.cli.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.cli.CliRun;
import io.debugproxy.tls.PermittedNames;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code proxy certs init}: what --permit accepts, and one clear sentence for what it refuses. */
class CertsInitCommandTest {

    @TempDir
    Path temp;

    @Test
    void anAddressPermitAloneKeepsTheDefaultDomains() {
        CliRun run = CliRun.of("certs", "init", "--dir", temp.resolve("certs").toString(), "--permit", "192.168.50.0/24");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("Permitted:     localhost, test, internal, "), run.out());
        assertTrue(run.out().contains("192.168.50.0/24"), run.out());
    }

    @Test
    void helpListsTheDefaultPermitsAsInitPrintsThem() {
        CliRun run = CliRun.of("certs", "init", "--help");
        String help = run.out().replaceAll("\\s+", " ");

        for (String permit : PermittedNames.defaults().describe().split(", ")) {
            assertTrue(help.contains(" " + permit), permit + " missing from: " + help);
        }
        assertFalse(help.contains("*."), help);
    }

    @ParameterizedTest(name = "--permit {0}")
    @CsvSource(delimiter = '|', value = {
            "8.8.8.0/24 | --permit '8.8.8.0/24' reaches public addresses",
            "0.0.0.0/0  | --permit '0.0.0.0/0' reaches public addresses",
            "com        | --permit 'com' is a whole top-level domain",
            ".com       | --permit '.com' is a whole top-level domain",
            "http://x   | --permit 'http://x' is neither a domain nor an address range; write DOMAIN, .DOMAIN or CIDR"})
    void refusesAPermitWithOneSentenceAndWritesNothing(String permit, String message) {
        Path dir = temp.resolve("certs");

        CliRun run = CliRun.of("certs", "init", "--dir", dir.toString(), "--permit", permit);

        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("proxy certs init: " + message), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(Files.exists(dir));
    }
}
