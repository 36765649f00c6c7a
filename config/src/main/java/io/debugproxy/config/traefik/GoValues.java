package io.debugproxy.config.traefik;

import java.util.Optional;

/** Label values as Go's {@code strconv} parses them for Traefik. */
final class GoValues {

    private GoValues() {
    }

    /** {@code strconv.ParseBool}: 1, t, T, TRUE, true, True and their false counterparts. */
    static Optional<Boolean> parseBool(String text) {
        return switch (text) {
            case "1", "t", "T", "true", "TRUE", "True" -> Optional.of(true);
            case "0", "f", "F", "false", "FALSE", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** {@code strconv.ParseInt(text, 10, 64)}: optional sign, decimal digits, nothing else. */
    static Optional<Long> parseInt(String text) {
        String digits = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            // More digits than 64 bits hold: Go refuses it too.
            return Optional.empty();
        }
    }
}
