package io.debugproxy.config.traefik;

import java.util.Objects;

/**
 * A router Traefik serves, with its rule parsed as Traefik reads it. A router Traefik drops (no
 * service among several, a name that containers define differently, a container it skips) or
 * keeps but disables (a rule it refuses, HostSNI without TLS) is never one.
 *
 * @param kind       HTTP or TCP
 * @param name       the router name
 * @param rule       the rule, parsed in the syntax Traefik reads it with
 * @param container  the container that defines it; a router that several containers define alike is
 *                   served for each of them
 * @param ruleSource the label the rule came from, or {@code defaultRule} for the provider's default
 */
public record ServedRouter(RuleKind kind, String name, Rule rule, String container, String ruleSource) {

    public ServedRouter {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(ruleSource, "ruleSource");
    }

    /** True when a label wrote the rule, false for the provider's default rule. */
    public boolean labelledRule() {
        return !ruleSource.equals("defaultRule");
    }
}
