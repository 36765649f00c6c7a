package io.debugproxy.config.discovery;

import java.util.Optional;

/** Booleans as Go's {@code strconv.ParseBool} reads them (Delve flags, Traefik labels). */
final class GoBool {

    private GoBool() {
    }

    static Optional<Boolean> parse(String text) {
        return switch (text.trim()) {
            case "1", "t", "T", "true", "TRUE", "True" -> Optional.of(true);
            case "0", "f", "F", "false", "FALSE", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
