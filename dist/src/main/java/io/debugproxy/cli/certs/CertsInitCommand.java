package io.debugproxy.cli.certs;

import io.debugproxy.tls.CaOptions;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.KeyType;
import io.debugproxy.tls.PermittedNames;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proxy certs init}: creates the name-constrained CA. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the CA (ca.pem, ca-key.pem with mode 0600, crl.pem, index.json).",
                "The CA may only certify the permitted names. By default:",
                "  domains   localhost, test, internal (each with all its subdomains)",
                "  ranges    127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16,",
                "            ::1/128, fc00::/7"})
public final class CertsInitCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption dir;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = CaOptions.DEFAULT_COMMON_NAME,
            description = "Common name of the CA (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--key-type", paramLabel = "ec|rsa", defaultValue = "ec",
            description = "Key algorithm: ec (ECDSA P-256) or rsa (RSA 3072) (default: ${DEFAULT-VALUE}).")
    String keyType;

    @Option(names = "--permit", paramLabel = "DOMAIN|CIDR", split = ",",
            description = {"Also permit this domain (and its subdomains) or address range; repeatable.",
                    "A domain needs two labels (.debug.example.com) unless reserved (localhost, test, internal, local,"
                            + " example, invalid, lan); a range must lie in loopback, private (incl. fc00::/7),"
                            + " shared (100.64.0.0/10) or link-local space."})
    List<String> permits = new ArrayList<>();

    @Option(names = "--no-default-permits",
            description = "Permit only the --permit entries, not the default local names and private ranges.")
    boolean noDefaultPermits;

    @Option(names = "--days", paramLabel = "N", defaultValue = "3650",
            description = "Lifetime of the CA in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace an existing CA and delete the certificates it issued.")
    boolean force;

    @Override
    public void run() {
        PermittedNames permitted = noDefaultPermits ? PermittedNames.parse(permits) : PermittedNames.defaults().plus(permits);
        CaOptions options = new CaOptions(name, KeyType.parse(keyType), permitted, Duration.ofDays(days));
        CertsDirectory certs = dir.directory();

        CertsDirectory.Initialized created = certs.init(options, force);

        X509Certificate ca = created.certificate();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Created CA '%s' in %s%n", name, certs.root());
        out.printf("  %-14s the CA certificate: give it to everything that must trust the proxy%n", "ca.pem");
        out.printf("  %-14s the CA key (mode 0600): keep it here, never copy it%n", "ca-key.pem");
        out.printf("  Permitted:     %s%n", created.permittedNames().describe());
        out.printf("  Valid until:   %s%n", ca.getNotAfter().toInstant());
        if (!created.removed().isEmpty()) {
            out.printf("  Removed %d files issued by the previous CA.%n", created.removed().size());
        }
        out.printf("Next: proxy certs issue client NAME --dir %s%n", certs.root());
        out.flush();
    }
}
