package io.debugproxy.config.route;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validation and normalisation of DNS hostnames used for SNI and Host routing. */
public final class Hostnames {

    // RFC 1123 labels. Underscores are refused: hostnames end up in certificate SANs and
    // SNI, where strict TLS stacks reject them.
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Hostnames() {
    }

    /**
     * The hostname trimmed, lower-cased and without a trailing dot.
     *
     * @throws IllegalArgumentException naming the hostname and what is wrong with it
     */
    public static String normalize(String raw) {
        String h = raw.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            throw new IllegalArgumentException("hostname is empty");
        }
        if (h.length() > 253) {
            throw new IllegalArgumentException("hostname '" + raw + "' is longer than 253 characters");
        }
        String[] labels = h.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + raw.trim() + "' is not a valid hostname: each dot-separated part"
                        + " must be 1-63 letters, digits or '-', not starting or ending with '-'");
            }
        }
        // An all-numeric last label means an IP address (or a typo of one), never a name.
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + raw.trim() + "' is an IP address or ends in a number; a hostname is needed");
        }
        return h;
    }

    public static boolean isValid(String raw) {
        try {
            normalize(raw);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
