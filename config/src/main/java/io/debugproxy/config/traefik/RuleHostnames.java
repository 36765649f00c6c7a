package io.debugproxy.config.traefik;

import io.debugproxy.config.route.Hostnames;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The exact hostnames a rule answers to, for SNI and Host routing, and why the rule may answer
 * to others as well. {@code Host(`a`) || Host(`b`)} gives {@code [a, b]} exactly;
 * {@code Host(`a`) && PathPrefix(`/x`)} gives {@code [a]} exactly; {@code !Host(`a`)},
 * {@code HostRegexp(...)} or {@code Host(`a`) || PathPrefix(`/x`)} cannot be mapped to a list
 * of names, and {@link #unmapped()} says which part of the rule is to blame.
 *
 * @param hosts    exact hostnames, lower case, without a trailing dot, in rule order
 * @param unmapped one sentence per part of the rule that reaches hostnames not in {@code hosts};
 *                 empty when the rule matches those hostnames and no others
 */
public record RuleHostnames(List<String> hosts, List<String> unmapped) {

    public RuleHostnames {
        hosts = List.copyOf(hosts);
        unmapped = List.copyOf(unmapped);
    }

    /** True when the rule matches exactly {@link #hosts()}. */
    public boolean exact() {
        return unmapped.isEmpty();
    }

    /** The hostnames of {@code rule}; negations are pushed down as Traefik does (De Morgan). */
    public static RuleHostnames of(Rule rule) {
        Names names = evaluate(rule, false);
        return new RuleHostnames(List.copyOf(names.hosts), names.reasons);
    }

    /** Intermediate result: hostnames reachable, and reasons the rule is not limited to them. */
    private record Names(Set<String> hosts, List<String> reasons) {
        boolean exact() {
            return reasons.isEmpty();
        }
    }

    private static Names evaluate(Rule rule, boolean negated) {
        if (rule instanceof Rule.Not n) {
            return evaluate(n.operand(), !negated);
        }
        if (rule instanceof Rule.And a) {
            Names l = evaluate(a.left(), negated);
            Names r = evaluate(a.right(), negated);
            return negated ? union(l, r) : intersection(l, r, rule);
        }
        if (rule instanceof Rule.Or o) {
            Names l = evaluate(o.left(), negated);
            Names r = evaluate(o.right(), negated);
            return negated ? intersection(l, r, rule) : union(l, r);
        }
        return match((Rule.Match) rule, negated);
    }

    private static Names union(Names l, Names r) {
        Set<String> hosts = new LinkedHashSet<>(l.hosts);
        hosts.addAll(r.hosts);
        List<String> reasons = new ArrayList<>(l.reasons);
        reasons.addAll(r.reasons);
        return new Names(hosts, reasons);
    }

    /** Both sides must hold: a side limited to exact names limits the whole. */
    private static Names intersection(Names l, Names r, Rule whole) {
        if (l.exact() && r.exact()) {
            Set<String> hosts = new LinkedHashSet<>(l.hosts);
            hosts.retainAll(r.hosts);
            if (hosts.isEmpty() && !l.hosts.isEmpty() && !r.hosts.isEmpty()) {
                return new Names(hosts, List.of("'" + whole + "' requires two different hostnames at once"
                        + " and can never match"));
            }
            return new Names(hosts, List.of());
        }
        if (l.exact()) {
            return l;
        }
        if (r.exact()) {
            return r;
        }
        return union(l, r);
    }

    private static Names match(Rule.Match m, boolean negated) {
        String at = m + " (column " + m.column() + ")";
        if (negated) {
            String why = m.matcher().namesExactHost() || m.matcher().matchesHostPattern()
                    ? "matches every hostname except the ones it names"
                    : "does not name a hostname";
            return new Names(Set.of(), List.of("!" + at + " " + why));
        }
        if (m.matcher().matchesHostPattern()) {
            return new Names(Set.of(), List.of(at + " matches hostnames by pattern; only exact names can be routed"));
        }
        if (!m.matcher().namesExactHost()) {
            return new Names(Set.of(), List.of(at + " does not name a hostname"));
        }
        Set<String> hosts = new LinkedHashSet<>();
        List<String> reasons = new ArrayList<>();
        for (String value : m.values()) {
            if (value.equals("*")) {
                reasons.add(at + " matches every server name");
            } else if (Hostnames.isValid(value)) {
                hosts.add(Hostnames.normalize(value));
            } else {
                reasons.add(at + " names '" + value + "', which is not a DNS hostname (an IP address or invalid name)");
            }
        }
        return new Names(hosts, reasons);
    }
}
