package io.debugproxy.cli.certs;

import io.debugproxy.tls.CertsDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dir} option every {@code certs} subcommand shares. */
public final class CertsDirOption {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "./certs",
            description = "Certificate directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    CertsDirectory directory() {
        return CertsDirectory.at(dir.normalize());
    }
}
