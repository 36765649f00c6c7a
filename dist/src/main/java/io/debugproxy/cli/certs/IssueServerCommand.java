package io.debugproxy.cli.certs;

import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IssueOptions;
import io.debugproxy.tls.LeafRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code proxy certs issue server NAME}: a serverAuth certificate for NAME and any extra names. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Issue a server certificate (serverAuth) for NAME, written to DIR/server/NAME.pem and NAME-key.pem.")
public final class IssueServerCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption dir;

    @Parameters(index = "0", paramLabel = "NAME", description = "DNS name of the server; also its first subject alternative name.")
    String name;

    @Option(names = "--dns", paramLabel = "NAME", split = ",", description = "Another DNS name (wildcards allowed); repeatable.")
    List<String> dnsNames = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "ADDRESS", split = ",", description = "An IP address; repeatable.")
    List<String> ipAddresses = new ArrayList<>();

    @Option(names = "--days", paramLabel = "N", defaultValue = "90", description = "Lifetime in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace an existing server certificate of that name.")
    boolean force;

    @Override
    public void run() {
        LeafRequest request = LeafRequest.server(name, dnsNames, ipAddresses, Duration.ofDays(days));
        IssueOptions options = force ? IssueOptions.defaults().replacingExisting() : IssueOptions.defaults();
        CertsDirectory.Issued issued = dir.directory().issue(request, options);
        IssuedReport.print(spec.commandLine().getOut(), issued, dir.directory());
    }
}
