package io.debugproxy.cli.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.cli.CliRun;
import io.debugproxy.tls.CaOptions;
import io.debugproxy.tls.CertsDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxy certs list}: one aligned line per issued certificate. */
class CertsListCommandTest {

    @TempDir
    Path temp;

    @Test
    void serialsKeepTheirLeadingZerosSoTheColumnHasOneWidth() throws Exception {
        CertsDirectory certs = CertsDirectory.at(temp.resolve("certs"));
        certs.init(CaOptions.defaults(), false);
        // Random 128-bit serials start with a zero digit one time in sixteen; the index pins two of them.
        Files.writeString(certs.indexFile(), """
                {"version": 1, "certificates": [
                  {"serial": "5cd49abb061265c82c03c348ff4d1cd", "kind": "client", "name": "bob",
                   "notBefore": "2026-01-01T00:00:00Z", "notAfter": "2026-01-31T00:00:00Z", "revoked": false},
                  {"serial": "c6ffae3eacaccde09bdede950d7222c6", "kind": "server", "name": "api.localhost",
                   "notBefore": "2026-01-01T00:00:00Z", "notAfter": "2026-04-01T00:00:00Z", "revoked": false}]}
                """);

        CliRun run = CliRun.of("certs", "list", "--dir", certs.root().toString());

        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().split("\n");
        assertTrue(lines[1].startsWith("05cd49abb061265c82c03c348ff4d1cd  client  bob "), run.out());
        assertTrue(lines[2].startsWith("c6ffae3eacaccde09bdede950d7222c6  server  api.localhost "), run.out());
    }
}
