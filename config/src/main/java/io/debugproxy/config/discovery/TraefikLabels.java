package io.debugproxy.config.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Traefik labels discovery reads directly: the network to dial and the HTTP service
 * port. Traefik matches label option names without regard to case ({@code loadBalancer} and
 * {@code loadbalancer} both work), so this does too. Hostnames do not come from here but from
 * the routers Traefik serves ({@link io.debugproxy.config.traefik.DockerProvider}).
 */
final class TraefikLabels {

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
