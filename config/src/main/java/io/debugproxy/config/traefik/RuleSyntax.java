package io.debugproxy.config.traefik;

import java.util.Locale;
import java.util.Optional;

/**
 * The two grammars of Traefik router rules. Traefik v3 reads {@link #V3} unless a router sets
 * {@code ruleSyntax=v2}, which keeps Traefik v2's matchers (several values per matcher,
 * {@code {name:regex}} templates, {@code HostHeader}, {@code Headers}, {@code Query(`k=v`)}).
 */
public enum RuleSyntax {
    V2, V3;

    /** The syntax a {@code ruleSyntax} label names ({@code v2} or {@code v3}), or empty for anything else. */
    public static Optional<RuleSyntax> parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "v2" -> Optional.of(V2);
            case "v3" -> Optional.of(V3);
            default -> Optional.empty();
        };
    }

    /** As written in labels: {@code v2} or {@code v3}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
