package io.debugproxy.config.discovery;

import io.debugproxy.config.route.Hostnames;

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
 * Hostnames come from a simple scan for {@code Host(...)} calls, not a full rule parser.
 */
final class TraefikLabels {

    private static final Pattern ROUTER_RULE = Pattern.compile("(?i)traefik\\.http\\.routers\\.([^.]+)\\.rule");
    private static final Pattern SERVICE_PORT =
            Pattern.compile("(?i)traefik\\.http\\.services\\.([^.]+)\\.loadbalancer\\.server\\.port");
    // Host and its v2 alias HostHeader; HostSNI and HostRegexp do not match because '(' must follow.
    private static final Pattern HOST_CALL = Pattern.compile("(?i)(?<![a-z0-9_])host(?:header)?\\s*\\(");

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
        for (String rule : matching(ROUTER_RULE).values()) {
            for (String h : hostsInRule(rule)) {
                if (!out.contains(h)) {
                    out.add(h);
                }
            }
        }
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

    static List<String> hostsInRule(String rule) {
        List<String> out = new ArrayList<>();
        Matcher m = HOST_CALL.matcher(rule);
        int from = 0;
        while (m.find(from)) {
            int i = m.end();
            while (i < rule.length()) {
                char c = rule.charAt(i);
                if (c == '`' || c == '"') {
                    int close = closingQuote(rule, i);
                    if (close < 0) {
                        return out;
                    }
                    String raw = rule.substring(i + 1, close).replace("\\\"", "\"");
                    // Traefik hosts that are not plain names (templates, IPs) are not debug hostnames.
                    if (Hostnames.isValid(raw)) {
                        String host = Hostnames.normalize(raw);
                        if (!out.contains(host)) {
                            out.add(host);
                        }
                    }
                    i = close + 1;
                } else if (c == ' ' || c == ',' || c == '\t') {
                    i++;
                } else {
                    break;
                }
            }
            from = Math.max(i, m.end());
        }
        return out;
    }

    private static int closingQuote(String s, int open) {
        char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            if (q == '"' && s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == q) {
                return i;
            }
        }
        return -1;
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
