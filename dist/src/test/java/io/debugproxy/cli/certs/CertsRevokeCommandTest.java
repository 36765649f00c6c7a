package io.debugproxy.cli.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.cli.CliRun;
import io.debugproxy.tls.CaOptions;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IndexEntry;
import io.debugproxy.tls.IssueOptions;
import io.debugproxy.tls.LeafRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxy certs revoke}: refusals are one sentence, exit 2, and revoke nothing. */
class CertsRevokeCommandTest {

    @TempDir
    Path temp;

    @Test
    void aSerialOfTheOtherKindIsRefusedAndNothingIsRevoked() {
        CertsDirectory certs = CertsDirectory.at(temp.resolve("certs"));
        certs.init(CaOptions.defaults(), false);
        IndexEntry alice = certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults()).entry();

        CliRun run = CliRun.of("certs", "revoke", alice.serialHex(), "--kind", "server", "--dir", certs.root().toString());

        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("proxy certs revoke: serial " + alice.serialHex()
                + " is the client certificate 'alice', not a server certificate"), run.err());
        assertEquals("", run.out());
        assertTrue(certs.list().stream().noneMatch(IndexEntry::revoked));
    }
}
