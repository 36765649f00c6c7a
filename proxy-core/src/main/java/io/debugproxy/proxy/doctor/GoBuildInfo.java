package io.debugproxy.proxy.doctor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The build information the Go linker embeds in every binary since Go 1.18 (what
 * {@code go version -m} prints): the Go release and the build settings such as
 * {@code -gcflags} and {@code -ldflags}. Read without running anything in the container,
 * which is how doctor learns about a program while Delve is busy running it.
 *
 * @param goVersion e.g. {@code go1.19.8}
 * @param settings  {@code build} lines: {@code -gcflags} to {@code all=-N -l}, {@code -ldflags} to {@code -s -w}, ...
 */
public record GoBuildInfo(String goVersion, Map<String, String> settings) {

    private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEADER = 32;
    private static final int FLAG_INLINE_STRINGS = 0x2;
    private static final int MAX_STRING = 1 << 20;
    /** modinfo is wrapped in two 16-byte sentinels. */
    private static final int SENTINEL = 16;

    public GoBuildInfo {
        Objects.requireNonNull(goVersion, "goVersion");
        settings = Map.copyOf(settings);
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /**
     * True when the compiler ran with optimizations and inlining off ({@code -gcflags} has
     * {@code -N} and {@code -l}), as debugging needs.
     */
    public boolean builtForDebugging() {
        String gc = settings.getOrDefault("-gcflags", "");
        return flagWords(gc, "-N") && flagWords(gc, "-l");
    }

    /** True when the linker dropped the symbol table or DWARF ({@code -ldflags} has {@code -s} or {@code -w}). */
    public boolean stripped() {
        String ld = settings.getOrDefault("-ldflags", "");
        return flagWords(ld, "-s") || flagWords(ld, "-w");
    }

    private static boolean flagWords(String flags, String flag) {
        for (String word : flags.split("[\\s=]+")) {
            if (word.equals(flag) || word.equals("-" + flag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds the build information in a stream holding the binary (a tar stream of it does as
     * well); reads only as far as needed. Empty when there is none in the Go 1.18+ layout.
     */
    public static Optional<GoBuildInfo> scan(InputStream raw) throws IOException {
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 1 << 16);
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == (MAGIC[matched] & 0xff)) {
                matched++;
                if (matched == MAGIC.length) {
                    Optional<GoBuildInfo> info = afterMagic(in);
                    if (info.isPresent()) {
                        return info;
                    }
                    matched = 0;
                }
            } else {
                matched = b == (MAGIC[0] & 0xff) ? 1 : 0;
            }
        }
        return Optional.empty();
    }

    /** Header remainder: pointer size, flags, padding; then two length-prefixed strings. */
    private static Optional<GoBuildInfo> afterMagic(InputStream in) throws IOException {
        int ptrSize = in.read();
        int flags = in.read();
        if ((ptrSize != 4 && ptrSize != 8) || flags < 0 || (flags & FLAG_INLINE_STRINGS) == 0) {
            return Optional.empty();
        }
        try {
            in.skipNBytes(HEADER - MAGIC.length - 2);
        } catch (java.io.EOFException e) {
            return Optional.empty();
        }
        Optional<String> version = readString(in);
        if (version.isEmpty() || !version.get().startsWith("go")) {
            return Optional.empty();
        }
        String modinfo = readString(in).orElse("");
        return Optional.of(new GoBuildInfo(version.get(), buildSettings(modinfo)));
    }

    private static Optional<String> readString(InputStream in) throws IOException {
        long length = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.read();
            if (b < 0) {
                return Optional.empty();
            }
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (length > MAX_STRING) {
                    return Optional.empty();
                }
                byte[] bytes = in.readNBytes((int) length);
                return bytes.length == length ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code build\tKEY=VALUE} lines; a value with spaces is Go-quoted. */
    static Map<String, String> buildSettings(String modinfo) {
        String text = modinfo.length() >= 2 * SENTINEL ? modinfo.substring(SENTINEL, modinfo.length() - SENTINEL) : modinfo;
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("build\t")) {
                continue;
            }
            String kv = line.substring("build\t".length());
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            out.put(kv.substring(0, eq), unquote(kv.substring(eq + 1)));
        }
        return out;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                char n = value.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
