package io.debugproxy.config.discovery;

import io.debugproxy.config.ConfigException;
import io.debugproxy.config.traefik.RuleHostnames;
import io.debugproxy.config.traefik.RuleKind;
import io.debugproxy.config.traefik.RuleParser;
import io.debugproxy.config.traefik.RuleSyntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Traefik labels discovery reads. Traefik matches label option names without regard
 * to case ({@code loadBalancer} and {@code loadbalancer} both work), so this does too.
 * Hostnames come from the rule parser: the exact names of {@code Host} matchers that decide
 * where the router answers.
 */
final class TraefikLabels {

    private static final Pattern ROUTER_RULE = Pattern.compile("(?i)traefik\\.http\\.routers\\.([^.]+)\\.rule");
    private static final Pattern SERVICE_PORT =
            Pattern.compile("(?i)traefik\\.http\\.services\\.([^.]+)\\.loadbalancer\\.server\\.port");

    private final Map<String, String> labels;

    TraefikLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    /** {@code traefik.enable=false}: Traefik ignores the container's routers and services. */
    boolean disabled() {
        return get("traefik.enable").flatMap(GoBool::parse).map(b -> !b).orElse(false);
    }

    Optional<String> network() {
        return get("traefik.docker.network").map(String::trim).filter(s -> !s.isEmpty());
    }

    /** Hostnames named by {@code Host(...)} in HTTP router rules, lower case, in router-name order. */
    List<String> routerHosts() {
        List<String> out = new ArrayList<>();
        matching(ROUTER_RULE).forEach((sortKey, rule) -> {
            String router = sortKey.substring(0, sortKey.indexOf('\0'));
            Optional<RuleSyntax> syntax = get("traefik.http.routers." + router + ".ruleSyntax").flatMap(RuleSyntax::parse);
            for (String h : hostsInRule(rule, syntax)) {
                if (!out.contains(h)) {
                    out.add(h);
                }
            }
        });
        return out;
    }

    /** Ports of {@code loadbalancer.server.port} labels in service-name order; invalid values are skipped. */
    List<Integer> servicePorts() {
        List<Integer> out = new ArrayList<>();
        for (String value : matching(SERVICE_PORT).values()) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 1 && port <= 65535) {
                    out.add(port);
                }
            } catch (NumberFormatException e) {
                // Traefik itself rejects this service; it gives the proxy no HTTP port either.
            }
        }
        return out;
    }

    /**
     * The exact hostnames of an HTTP rule. Without a {@code ruleSyntax} label the rule is read as
     * Traefik v3 and, failing that, as v2: the proxy cannot know which Traefik reads the labels,
     * and a v2 Traefik reads v2 rules. A rule neither accepts gives no hostname, as Traefik
     * routes nothing through a router whose rule it refuses.
     */
    static List<String> hostsInRule(String rule, Optional<RuleSyntax> syntax) {
        List<RuleSyntax> tries = syntax.map(List::of).orElse(List.of(RuleSyntax.V3, RuleSyntax.V2));
        for (RuleSyntax s : tries) {
            try {
                return RuleHostnames.of(RuleParser.parse(rule, RuleKind.HTTP, s)).hosts();
            } catch (ConfigException e) {
                // Try the next syntax; the explain command reports the error itself.
            }
        }
        return List.of();
    }

    private Optional<String> get(String key) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Label values whose key matches, ordered by the captured name for a deterministic result. */
    private Map<String, String> matching(Pattern keyPattern) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            Matcher m = keyPattern.matcher(e.getKey());
            if (m.matches()) {
                out.put(m.group(1).toLowerCase(Locale.ROOT) + "\0" + e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
