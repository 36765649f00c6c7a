package io.debugproxy.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and encodes {@code index.json}: the record of every certificate the CA issued to disk. */
final class CertIndex {
    private static final int VERSION = 1;

    private CertIndex() {
    }

    /** The entries of {@code file}; an absent file is an empty index. */
    static List<IndexEntry> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new TlsSetupException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return decode(Json.parse(text));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | DateTimeParseException
                 | TlsSetupException e) {
            throw new TlsSetupException(file + " is not a valid certificate index (" + e.getMessage()
                    + "); restore it from a backup, or re-create the CA with `proxy certs init --force`", e);
        }
    }

    static byte[] encode(List<IndexEntry> entries) {
        List<Object> certificates = new ArrayList<>();
        for (IndexEntry entry : entries) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("serial", entry.serialHex());
            json.put("kind", entry.kind().directoryName());
            json.put("name", entry.name());
            json.put("notBefore", entry.notBefore().toString());
            json.put("notAfter", entry.notAfter().toString());
            json.put("revoked", entry.revoked());
            json.put("revokedAt", entry.revokedAt() == null ? null : entry.revokedAt().toString());
            certificates.add(json);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        root.put("certificates", certificates);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    private static List<IndexEntry> decode(Object json) {
        Map<?, ?> root = (Map<?, ?>) json;
        Object version = root.get("version");
        if (version != null && ((Number) version).intValue() != VERSION) {
            throw new IllegalArgumentException("unsupported index version " + version);
        }
        List<IndexEntry> entries = new ArrayList<>();
        for (Object item : (List<?>) root.get("certificates")) {
            Map<?, ?> map = (Map<?, ?>) item;
            Object revokedAt = map.get("revokedAt");
            boolean revoked = Boolean.TRUE.equals(map.get("revoked"));
            Instant revokedInstant = revokedAt == null ? null : Instant.parse((String) revokedAt);
            if (revoked && revokedInstant == null) {
                revokedInstant = Instant.EPOCH;
            }
            entries.add(new IndexEntry(
                    new BigInteger(require(map, "serial"), 16),
                    CertificateKind.parse(require(map, "kind")),
                    require(map, "name"),
                    Instant.parse(require(map, "notBefore")),
                    Instant.parse(require(map, "notAfter")),
                    revoked ? revokedInstant : null));
        }
        return List.copyOf(entries);
    }

    private static String require(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("an entry has no string '" + key + "'");
        }
        return s;
    }
}
