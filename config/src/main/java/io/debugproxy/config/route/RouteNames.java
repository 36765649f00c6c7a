package io.debugproxy.config.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The grammar of route names and the default debug hostname derived from a name. */
public final class RouteNames {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    private static final int MAX_LABEL = 63;

    private RouteNames() {
    }

    /** True when {@code name} is a valid route name: {@code [a-z0-9][a-z0-9-_.]*}. */
    public static boolean isValid(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Turns any text (container or compose service name) into a valid route name: lower case,
     * other characters replaced by {@code -}, leading and trailing separators dropped.
     * Returns an empty string when nothing usable is left.
     */
    public static String sanitize(String raw) {
        String lower = raw.trim().toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            sb.append(ok ? c : '-');
        }
        int start = 0;
        int end = sb.length();
        while (start < end && isSeparator(sb.charAt(start))) {
            start++;
        }
        while (end > start && isSeparator(sb.charAt(end - 1))) {
            end--;
        }
        return sb.substring(start, end);
    }

    /**
     * The default debug hostname {@code <name>.<domain>}. Underscores become hyphens and
     * empty or over-long labels are repaired, because a route name may be a container name
     * that is not a valid DNS name. Empty when no valid hostname can be made.
     */
    public static Optional<String> defaultHost(String name, String domain) {
        List<String> labels = new ArrayList<>();
        for (String part : name.replace('_', '-').split("\\.")) {
            String label = trimHyphens(part);
            if (label.length() > MAX_LABEL) {
                label = trimHyphens(label.substring(0, MAX_LABEL));
            }
            if (!label.isEmpty()) {
                labels.add(label);
            }
        }
        if (labels.isEmpty()) {
            return Optional.empty();
        }
        String host = String.join(".", labels) + "." + domain;
        return Hostnames.isValid(host) ? Optional.of(Hostnames.normalize(host)) : Optional.empty();
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '_' || c == '.';
    }

    private static String trimHyphens(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
