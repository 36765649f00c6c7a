package io.debugproxy.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.cli.UserError;
import io.debugproxy.tls.CaOptions;
import io.debugproxy.tls.CertificateKind;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IssueOptions;
import io.debugproxy.tls.LeafRequest;
import io.debugproxy.tls.TlsSetupException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code proxy connect}'s refusals to start: each one sentence naming the flag or file at fault, exit 2. */
class ConnectCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ConnectCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        // What the proxy command's handler does for bad input: one line, exit 2.
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof UserError || ex instanceof TlsSetupException) {
                line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private CertsDirectory certsWithClients(String... names) {
        CertsDirectory certs = CertsDirectory.at(dir.resolve("certs"));
        certs.init(CaOptions.defaults(), false);
        for (String name : names) {
            certs.issue(LeafRequest.client(name, Duration.ofDays(30)), IssueOptions.defaults());
        }
        return certs;
    }

    private Run connect(String... extra) {
        String[] base = {"--server", "127.0.0.1:1", "--route", "api", "--certs", dir.resolve("certs").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    @Test
    void refusesANonLoopbackListenAddressWithoutUnsafeListen() {
        certsWithClients("alice");
        Run run = connect("--listen", "0.0.0.0:2345");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--listen 0.0.0.0:2345 is not a loopback address"), run.err());
        assertTrue(run.err().contains("--unsafe-listen"), run.err());
    }

    @Test
    void asksForClientWhenTheDirectoryHoldsSeveralCertificatesAndNamesThem() {
        certsWithClients("alice", "bob");
        Run run = connect();
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("there are 2 client certificates"), run.err());
        assertTrue(run.err().contains("(alice, bob); choose one with --client NAME"), run.err());
    }

    @Test
    void saysHowToIssueAClientCertificateWhenThereIsNone() {
        certsWithClients();
        Run run = connect();
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("there is no client certificate in"), run.err());
        assertTrue(run.err().contains("proxy certs issue client NAME"), run.err());
    }

    @Test
    void refusesToStartWithARevokedClientCertificateSayingSo() {
        CertsDirectory certs = certsWithClients("alice");
        certs.revoke("alice", CertificateKind.CLIENT);
        Run run = connect("--client", "alice");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("client certificate 'alice'") && run.err().contains("has been revoked"), run.err());
    }

    @Test
    void namesTheMissingCertificateOfAnUnknownClient() {
        certsWithClients("alice");
        Run run = connect("--client", "carol");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("there is no client certificate 'carol'"), run.err());
    }

    @Test
    void refusesAServerAddressWithoutHost() {
        certsWithClients("alice");
        Run run = run("--server", ":2346", "--route", "api", "--certs", dir.resolve("certs").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--server ':2346' needs a host and a port"), run.err());
    }
}
