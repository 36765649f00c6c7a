package io.debugproxy.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certs directory on disk and every operation of {@code proxy certs}. Layout (users look here,
 * keep it stable): {@code ca.pem}, {@code ca-key.pem} (0600), {@code crl.pem}, {@code index.json},
 * {@code server/<name>.pem} + {@code server/<name>-key.pem} (0600), {@code client/<name>.pem} +
 * {@code client/<name>-key.pem} (0600), and on request {@code client/<name>.p12} +
 * {@code client/<name>.p12.password} (both 0600). Every operation writes all its files or none.
 */
public final class CertsDirectory {
    /** The default location, relative to the working directory. */
    public static final Path DEFAULT = Path.of("certs");

    private static final Logger LOG = LoggerFactory.getLogger(CertsDirectory.class);
    private static final Pattern SERIAL = Pattern.compile("(0x)?[0-9a-f:]+");

    private final Path root;
    private final Clock clock;
    private final FileTransaction.Mover mover;
    private final SecureRandom random = new SecureRandom();

    CertsDirectory(Path root, Clock clock, FileTransaction.Mover mover) {
        this.root = root;
        this.clock = clock;
        this.mover = mover;
    }

    /** The directory at {@code root}; nothing is read or created until an operation runs. */
    public static CertsDirectory at(Path root) {
        return new CertsDirectory(root, Clock.systemUTC(), FileTransaction.ATOMIC_RENAME);
    }

    /** What {@link #init} wrote. */
    public record Initialized(X509Certificate certificate, PermittedNames permittedNames, List<Path> removed) {
        public Initialized {
            removed = List.copyOf(removed);
        }
    }

    /**
     * What {@link #issue} wrote. {@code pkcs12PasswordFile} is null unless a password was generated;
     * {@code stillValid} lists earlier certificates of the same name that were replaced but not revoked.
     */
    public record Issued(IndexEntry entry, Path certificateFile, Path keyFile, Path pkcs12File, Path pkcs12PasswordFile,
                         List<IndexEntry> stillValid) {
        public Issued {
            stillValid = List.copyOf(stillValid);
        }
    }

    /** What {@link #revoke} changed. */
    public record Revoked(List<IndexEntry> newlyRevoked, List<IndexEntry> alreadyRevoked, Path crlFile) {
        public Revoked {
            newlyRevoked = List.copyOf(newlyRevoked);
            alreadyRevoked = List.copyOf(alreadyRevoked);
        }
    }

    /** What {@link #writeCrl} wrote. */
    public record CrlWritten(Path file, int revokedCount, Instant nextUpdate) {
    }

    public Path root() {
        return root;
    }

    public Path caCertificateFile() {
        return root.resolve("ca.pem");
    }

    public Path caKeyFile() {
        return root.resolve("ca-key.pem");
    }

    public Path crlFile() {
        return root.resolve("crl.pem");
    }

    public Path indexFile() {
        return root.resolve("index.json");
    }

    public Path certificateFile(CertificateKind kind, String name) {
        return root.resolve(kind.directoryName()).resolve(name + ".pem");
    }

    public Path keyFile(CertificateKind kind, String name) {
        return root.resolve(kind.directoryName()).resolve(name + "-key.pem");
    }

    public Path pkcs12File(String clientName) {
        return root.resolve(CertificateKind.CLIENT.directoryName()).resolve(clientName + ".p12");
    }

    public Path pkcs12PasswordFile(String clientName) {
        return root.resolve(CertificateKind.CLIENT.directoryName()).resolve(clientName + ".p12.password");
    }

    /** True when a CA certificate or key is present. */
    public boolean hasCa() {
        return Files.exists(caCertificateFile()) || Files.exists(caKeyFile());
    }

    /**
     * Creates the CA, an empty CRL and an empty index. Refuses to replace an existing CA unless
     * {@code replaceExisting}; replacing also removes the certificates the old CA issued, which
     * could no longer be verified.
     */
    public Initialized init(CaOptions options, boolean replaceExisting) {
        if (hasCa() && !replaceExisting) {
            throw new TlsSetupException("a CA already exists in " + root + "; pass --force to replace it"
                    + " (every certificate it issued will stop working)");
        }
        List<IndexEntry> previous = replaceExisting ? previousEntries() : List.of();
        CertificateAuthority ca = CertificateAuthority.create(options, clock);
        List<Path> removed = new ArrayList<>();
        try (FileTransaction files = new FileTransaction(mover)) {
            files.write(caKeyFile(), Pem.privateKey(ca.privateKey()), FileTransaction.Mode.SECRET);
            files.write(caCertificateFile(), Pem.certificate(ca.certificate()), FileTransaction.Mode.PUBLIC);
            files.write(crlFile(), Pem.crl(ca.crl(List.of())), FileTransaction.Mode.PUBLIC);
            files.write(indexFile(), CertIndex.encode(List.of()), FileTransaction.Mode.PUBLIC);
            for (IndexEntry entry : previous) {
                for (Path file : filesOf(entry.kind(), entry.name())) {
                    if (Files.exists(file)) {
                        files.delete(file);
                        removed.add(file);
                    }
                }
            }
            files.commit();
        }
        return new Initialized(ca.certificate(), ca.permittedNames(), removed);
    }

    /** The old index when replacing a CA; a broken one must not stand in the way of starting over. */
    private List<IndexEntry> previousEntries() {
        try {
            return CertIndex.read(indexFile());
        } catch (TlsSetupException e) {
            LOG.warn("event=old_index_unreadable file={} effect=\"certificates of the old CA are left in place\" error=\"{}\"",
                    indexFile(), e.getMessage());
            return List.of();
        }
    }

    /** The CA certificate alone: enough to trust, not to issue. */
    public X509Certificate caCertificate() {
        requireCa();
        return Pem.readCertificate(caCertificateFile());
    }

    /** The CA with its key; refuses a key file that group or others can access. */
    public CertificateAuthority loadAuthority() {
        requireCa();
        if (!Files.exists(caKeyFile())) {
            throw new TlsSetupException("the CA key " + caKeyFile() + " is missing; restore it, or re-create the CA with"
                    + " `proxy certs init --force --dir " + root + "`");
        }
        FilePermissions.requireOwnerOnly(caKeyFile(), "the CA key");
        PrivateKey key = Pem.readPrivateKey(caKeyFile());
        return CertificateAuthority.of(Pem.readCertificate(caCertificateFile()), key, clock);
    }

    /**
     * Issues a leaf certificate and writes it with its key (and a PKCS#12 bundle on request for clients).
     * Names are checked against the CA's constraints before anything is signed.
     */
    public Issued issue(LeafRequest request, IssueOptions options) {
        if (options.pkcs12() && request.kind() != CertificateKind.CLIENT) {
            throw new TlsSetupException("--p12 is only available for client certificates");
        }
        if (request.name().toLowerCase(Locale.ROOT).endsWith("-key")) {
            throw new TlsSetupException(request.kind() + " name '" + request.name()
                    + "' ends in '-key', which is reserved for key files; choose another name");
        }
        CertificateAuthority ca = loadAuthority();
        ca.checkPermitted(request);
        List<IndexEntry> index = CertIndex.read(indexFile());
        Instant now = clock.instant();
        List<IndexEntry> sameName = index.stream()
                .filter(e -> e.kind() == request.kind() && e.name().equals(request.name()))
                .filter(e -> e.status(now) == IndexEntry.Status.VALID || e.status(now) == IndexEntry.Status.NOT_YET_VALID)
                .toList();
        Path certificateFile = certificateFile(request.kind(), request.name());
        Path keyFile = keyFile(request.kind(), request.name());
        if (!options.replaceExisting()) {
            if (!sameName.isEmpty()) {
                IndexEntry existing = sameName.get(sameName.size() - 1);
                throw new TlsSetupException("a " + request.kind() + " certificate named '" + request.name()
                        + "' already exists (serial " + existing.serialHex() + ", valid until " + existing.notAfter()
                        + "); pass --force to replace it, or revoke it first");
            }
            if (Files.exists(certificateFile) || Files.exists(keyFile)) {
                throw new TlsSetupException(certificateFile + " already exists; pass --force to replace it");
            }
        }
        char[] password = options.pkcs12() && options.pkcs12PasswordFile() != null
                ? Pkcs12.readPassword(options.pkcs12PasswordFile()) : null;

        TlsIdentity identity = ca.issue(request);
        IndexEntry entry = IndexEntry.of(request.kind(), request.name(), identity.certificate());
        List<IndexEntry> updated = new ArrayList<>(index);
        updated.add(entry);
        Path pkcs12File = null;
        Path generatedPasswordFile = null;
        try (FileTransaction files = new FileTransaction(mover)) {
            files.write(keyFile, Pem.privateKey(identity.privateKey()), FileTransaction.Mode.SECRET);
            files.write(certificateFile, Pem.certificate(identity.certificate()), FileTransaction.Mode.PUBLIC);
            if (request.kind() == CertificateKind.CLIENT) {
                Path passwordFile = pkcs12PasswordFile(request.name());
                if (options.pkcs12()) {
                    pkcs12File = pkcs12File(request.name());
                    if (password == null) {
                        password = generatePassword();
                        generatedPasswordFile = passwordFile;
                        files.write(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.UTF_8),
                                FileTransaction.Mode.SECRET);
                    } else {
                        files.delete(passwordFile);
                    }
                    files.write(pkcs12File, Pkcs12.bundle(request.name(), identity, ca.certificate(), password),
                            FileTransaction.Mode.SECRET);
                } else {
                    // A bundle left from an earlier certificate of this name would no longer match.
                    files.delete(pkcs12File(request.name()));
                    files.delete(passwordFile);
                }
            }
            files.write(indexFile(), CertIndex.encode(updated), FileTransaction.Mode.PUBLIC);
            files.commit();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        return new Issued(entry, certificateFile, keyFile, pkcs12File, generatedPasswordFile, sameName);
    }

    /** Every certificate in the index, in issue order. */
    public List<IndexEntry> list() {
        requireCa();
        return CertIndex.read(indexFile());
    }

    /**
     * Revokes the certificate with serial {@code serialOrName} (hex, colons allowed), or else every
     * unrevoked certificate with that name ({@code kind} narrows it; null means either kind), and
     * rewrites {@code crl.pem} in the same step.
     */
    public Revoked revoke(String serialOrName, CertificateKind kind) {
        CertificateAuthority ca = loadAuthority();
        List<IndexEntry> index = CertIndex.read(indexFile());
        List<IndexEntry> matches = bySerial(index, serialOrName);
        for (IndexEntry match : matches) {
            // --kind is the user's statement of what they mean to revoke; a serial of the other kind is a mix-up.
            if (kind != null && match.kind() != kind) {
                throw new TlsSetupException("serial " + match.serialHex() + " is the " + match.kind() + " certificate '"
                        + match.name() + "', not a " + kind + " certificate; nothing was revoked: check the serial"
                        + " with `proxy certs list --dir " + root + "`, or pass --kind " + match.kind());
            }
        }
        if (matches.isEmpty()) {
            matches = index.stream()
                    .filter(e -> e.name().equals(serialOrName.trim()) && (kind == null || e.kind() == kind))
                    .toList();
            long kinds = matches.stream().map(IndexEntry::kind).distinct().count();
            if (kinds > 1) {
                throw new TlsSetupException("both a server and a client certificate are named '" + serialOrName
                        + "'; add --kind server or --kind client, or revoke by serial (see `proxy certs list`)");
            }
        }
        if (matches.isEmpty() && kind != null) {
            String name = serialOrName.trim();
            index.stream().filter(e -> e.name().equals(name)).findFirst().ifPresent(other -> {
                throw new TlsSetupException("'" + name + "' is a " + other.kind() + " certificate, not a " + kind
                        + " certificate; nothing was revoked: pass --kind " + other.kind() + " or leave --kind out");
            });
        }
        if (matches.isEmpty()) {
            throw new TlsSetupException("no certificate with serial or name '" + serialOrName + "' in " + indexFile()
                    + "; see `proxy certs list --dir " + root + "`");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<IndexEntry> newlyRevoked = new ArrayList<>();
        List<IndexEntry> alreadyRevoked = new ArrayList<>();
        List<IndexEntry> updated = new ArrayList<>();
        for (IndexEntry entry : index) {
            if (!matches.contains(entry)) {
                updated.add(entry);
            } else if (entry.revoked()) {
                alreadyRevoked.add(entry);
                updated.add(entry);
            } else {
                IndexEntry revoked = entry.revokedAt(now);
                newlyRevoked.add(revoked);
                updated.add(revoked);
            }
        }
        if (!newlyRevoked.isEmpty()) {
            try (FileTransaction files = new FileTransaction(mover)) {
                files.write(indexFile(), CertIndex.encode(updated), FileTransaction.Mode.PUBLIC);
                files.write(crlFile(), Pem.crl(ca.crl(revokedOf(updated))), FileTransaction.Mode.PUBLIC);
                files.commit();
            }
        }
        return new Revoked(newlyRevoked, alreadyRevoked, crlFile());
    }

    /** Rewrites {@code crl.pem} from the index, with a fresh next-update date. */
    public CrlWritten writeCrl() {
        CertificateAuthority ca = loadAuthority();
        List<IndexEntry> revoked = revokedOf(CertIndex.read(indexFile()));
        X509CRL crl = ca.crl(revoked);
        try (FileTransaction files = new FileTransaction(mover)) {
            files.write(crlFile(), Pem.crl(crl), FileTransaction.Mode.PUBLIC);
            files.commit();
        }
        return new CrlWritten(crlFile(), revoked.size(), crl.getNextUpdate().toInstant());
    }

    /** A summary of the first certificate in a PEM file, compared with this directory's CA when there is one. */
    public CertificateSummary inspect(Path file) {
        return inspect(file, null);
    }

    /**
     * As {@link #inspect(Path)}, also reading PKCS#12 bundles: with the password from {@code passwordFile},
     * or when that is null from the {@code <bundle>.password} file that {@code issue client --p12} writes beside it.
     */
    public CertificateSummary inspect(Path file, Path passwordFile) {
        X509Certificate certificate;
        if (Pkcs12.isBundle(file)) {
            certificate = Pkcs12.readCertificate(file, bundlePassword(file, passwordFile));
        } else if (passwordFile != null) {
            throw new TlsSetupException("--password-file is for PKCS#12 files, and " + file + " is not one;"
                    + " inspect it without --password-file");
        } else {
            certificate = Pem.readCertificate(file);
        }
        X509Certificate ca = Files.exists(caCertificateFile()) ? Pem.readCertificate(caCertificateFile()) : null;
        List<IndexEntry> index = ca == null ? List.of() : CertIndex.read(indexFile());
        return CertificateSummary.of(certificate, ca, index);
    }

    private static Path bundlePassword(Path bundle, Path given) {
        if (given != null) {
            return given;
        }
        Path beside = Pkcs12.passwordFileBeside(bundle);
        if (Files.exists(beside)) {
            return beside;
        }
        String name = bundle.getFileName().toString();
        Path pem = bundle.resolveSibling(name.replaceFirst("(?i)\\.(p12|pfx)$", "") + ".pem");
        throw new TlsSetupException(bundle + " is a PKCS#12 file and there is no " + beside.getFileName() + " beside it; "
                + (Files.exists(pem) ? "inspect the PEM beside it: " + pem + ", or " : "") + "pass --password-file FILE");
    }

    /** A certificate and its key from the directory, for TLS. */
    public TlsIdentity loadIdentity(CertificateKind kind, String name) {
        Path certificateFile = certificateFile(kind, name);
        if (!Files.exists(certificateFile)) {
            throw new TlsSetupException("there is no " + kind + " certificate '" + name + "' in " + root
                    + "; issue one with `proxy certs issue " + kind + " " + name + " --dir " + root + "`");
        }
        X509Certificate certificate = Pem.readCertificate(certificateFile);
        PrivateKey key = Pem.readPrivateKey(keyFile(kind, name));
        if (!Keys.matches(key, certificate.getPublicKey())) {
            throw new TlsSetupException(keyFile(kind, name) + " does not belong to " + certificateFile
                    + "; re-issue the certificate with `proxy certs issue " + kind + " " + name + " --force`");
        }
        return new TlsIdentity(key, List.of(certificate));
    }

    /** Names of client certificates that are valid now and present on disk, in issue order. */
    public List<String> clientNames() {
        Instant now = clock.instant();
        return list().stream()
                .filter(e -> e.kind() == CertificateKind.CLIENT && e.status(now) == IndexEntry.Status.VALID)
                .map(IndexEntry::name)
                .distinct()
                .filter(name -> Files.exists(certificateFile(CertificateKind.CLIENT, name)))
                .toList();
    }

    /** The CRL of this directory, re-read whenever {@code crl.pem} changes. */
    public RevocationList revocationList() {
        return RevocationList.load(crlFile(), caCertificate());
    }

    private void requireCa() {
        if (!Files.exists(caCertificateFile())) {
            throw new TlsSetupException("there is no CA in " + root + "; create one with `proxy certs init --dir " + root + "`");
        }
    }

    private List<Path> filesOf(CertificateKind kind, String name) {
        List<Path> files = new ArrayList<>(List.of(certificateFile(kind, name), keyFile(kind, name)));
        if (kind == CertificateKind.CLIENT) {
            files.add(pkcs12File(name));
            files.add(pkcs12PasswordFile(name));
        }
        return files;
    }

    private static List<IndexEntry> bySerial(List<IndexEntry> index, String text) {
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        if (!SERIAL.matcher(normalized).matches()) {
            return List.of();
        }
        String hex = normalized.replace(":", "").replaceFirst("^0x", "");
        if (hex.isEmpty()) {
            return List.of();
        }
        BigInteger serial = new BigInteger(hex, 16);
        return index.stream().filter(e -> e.serial().equals(serial)).toList();
    }

    private static List<IndexEntry> revokedOf(List<IndexEntry> index) {
        return index.stream().filter(IndexEntry::revoked).toList();
    }

    private char[] generatePassword() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    @Override
    public String toString() {
        return "CertsDirectory[" + root + "]";
    }
}
