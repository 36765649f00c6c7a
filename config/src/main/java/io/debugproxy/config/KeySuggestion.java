package io.debugproxy.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known key a misspelt one was probably meant to be: a YAML key of the configuration
 * file, or an option of a Traefik label.
 */
public final class KeySuggestion {

    private KeySuggestion() {
    }

    /** The key of {@code known} closest to {@code unknown} (any case), unless even that one is too far off to help. */
    public static Optional<String> closest(String unknown, List<String> known) {
        String u = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(u, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // Beyond this, the "suggestion" is a different word and would mislead.
        int limit = best == null ? -1 : Math.max(2, best.length() / 3);
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
