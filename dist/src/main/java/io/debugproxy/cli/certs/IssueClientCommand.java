package io.debugproxy.cli.certs;

import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IssueOptions;
import io.debugproxy.tls.LeafRequest;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code proxy certs issue client NAME}: a clientAuth certificate, optionally bundled as PKCS#12. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Issue a client certificate (clientAuth) named NAME, written to DIR/client/NAME.pem and NAME-key.pem.")
public final class IssueClientCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption dir;

    @Parameters(index = "0", paramLabel = "NAME", description = "Client name (the certificate's CN; what route ACLs refer to).")
    String name;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "Lifetime in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--p12", description = "Also write DIR/client/NAME.p12 for IDEs and keystores.")
    boolean pkcs12;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Protect the .p12 with the first line of FILE instead of a generated password"
                    + " (written to NAME.p12.password, mode 0600).")
    Path passwordFile;

    @Option(names = "--force", description = "Replace an existing client certificate of that name.")
    boolean force;

    @Override
    public void run() {
        LeafRequest request = LeafRequest.client(name, Duration.ofDays(days));
        IssueOptions options = new IssueOptions(force, pkcs12, passwordFile);
        CertsDirectory.Issued issued = dir.directory().issue(request, options);
        IssuedReport.print(spec.commandLine().getOut(), issued, dir.directory());
    }
}
