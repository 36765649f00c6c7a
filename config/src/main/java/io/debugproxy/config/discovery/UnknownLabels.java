package io.debugproxy.config.discovery;

import io.debugproxy.config.KeySuggestion;
import io.debugproxy.config.traefik.TraefikWarning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds a container's {@code debugproxy.*} labels that discovery does not read. Docker accepts
 * any label, so a misspelt one would otherwise be ignored without a word, and the route would
 * silently lack what the user asked for.
 */
public final class UnknownLabels {

    private static final String PREFIX = "debugproxy.";
    /** The proxy's own labels on the forwarder containers it creates: not a user's typo. */
    private static final String FORWARDER_PREFIX = "debugproxy.forwarder.";
    private static final List<String> KNOWN_SUFFIXES = ContainerRouteRules.LABELS.stream()
            .map(k -> k.substring(PREFIX.length())).toList();

    private UnknownLabels() {
    }

    /**
     * One warning per unknown {@code debugproxy.*} label of {@code c}, in key order, each naming the
     * container and the label, with the known label it was probably meant to be when one is close.
     */
    public static List<TraefikWarning> of(ContainerInfo c) {
        List<TraefikWarning> out = new ArrayList<>();
        for (String key : new TreeSet<>(c.labels().keySet())) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(PREFIX) || ContainerRouteRules.LABELS.contains(key) || key.startsWith(FORWARDER_PREFIX)) {
                continue;
            }
            out.add(new TraefikWarning(c.name(), key, message(c.name(), key, lower)));
        }
        return List.copyOf(out);
    }

    private static String message(String container, String key, String lower) {
        String head = "label " + key + " on container " + container + " is ignored: ";
        // The part after the prefix is compared, so the long common prefix does not make far-off keys look close.
        Optional<String> close = KeySuggestion.closest(lower.substring(PREFIX.length()), KNOWN_SUFFIXES)
                .map(s -> PREFIX + s);
        if (close.isPresent() && close.get().equals(lower)) {
            return head + "debugproxy label keys are lower case; did you mean '" + close.get() + "'?";
        }
        if (close.isPresent()) {
            return head + "debugproxy has no such label; did you mean '" + close.get() + "'?";
        }
        return head + "debugproxy has no such label; its labels are " + String.join(", ", ContainerRouteRules.LABELS);
    }
}
