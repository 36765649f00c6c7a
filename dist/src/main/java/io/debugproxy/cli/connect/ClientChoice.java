package io.debugproxy.cli.connect;

import io.debugproxy.cli.UserError;
import io.debugproxy.tls.CertificateKind;
import io.debugproxy.tls.CertsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which client certificate {@code proxy connect} presents: the one named by {@code --client}, else the
 * only one in the certs directory. The directory's index (when it has one) leaves out expired and
 * revoked certificates; a directory copied without it is read file by file.
 */
final class ClientChoice {

    private ClientChoice() {
    }

    /** @throws UserError when there is none, or several and no {@code --client} */
    static String pick(CertsDirectory certs, String requested) {
        if (requested != null) {
            return requested;
        }
        List<String> names = available(certs);
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.isEmpty()) {
            throw new UserError("there is no client certificate in " + certs.root() + "/client; issue one with"
                    + " `proxy certs issue client NAME --dir " + certs.root() + "` (on the machine holding the CA)"
                    + " and copy ca.pem and client/NAME.pem, client/NAME-key.pem here, or pass --certs DIR");
        }
        throw new UserError("there are " + names.size() + " client certificates in " + certs.root() + "/client ("
                + String.join(", ", names) + "); choose one with --client NAME");
    }

    /** Client names with a certificate and key on disk; valid ones only when the index says so. */
    static List<String> available(CertsDirectory certs) {
        if (Files.exists(certs.indexFile())) {
            return certs.clientNames().stream()
                    .filter(name -> Files.exists(certs.keyFile(CertificateKind.CLIENT, name)))
                    .toList();
        }
        Path dir = certs.root().resolve(CertificateKind.CLIENT.directoryName());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".pem") && !file.endsWith("-key.pem"))
                    .map(file -> file.substring(0, file.length() - ".pem".length()))
                    .filter(name -> Files.exists(certs.keyFile(CertificateKind.CLIENT, name)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
