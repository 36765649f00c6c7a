package io.debugproxy.config.discovery;

import io.debugproxy.config.route.RouteNames;
import io.debugproxy.config.route.RouteSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives every discovered route a final, unique, lower-case name. Each route has a list of
 * candidate names, best first: {@code debugproxy.route}, else the compose service then
 * {@code <service>.<project>}; then the container name; then the container name with its id.
 * When several routes want one name, the one whose claim is strongest (explicit label, then a
 * literal container name, then {@code service.project}, then the bare service) keeps it; on a
 * tie none does and all move to their next candidate. So a service in two compose projects
 * becomes {@code <service>.<project>} in both, and scaled replicas fall back to their container
 * names. The result does not depend on the input order.
 *
 * <p>A route that already holds a name (in the table being replaced) keeps it against any claim
 * but an explicit label: its port and the IDE sessions on it must not move because another stack
 * started. After a restart of the proxy, the name a container's route had before comes next. On
 * equal claims a usable route wins over one in error. Only a fresh start (no names held or
 * remembered) gives every route its order-free name.
 */
public final class RouteNaming {

    /** How strongly a candidate claims its name; a higher ordinal wins a collision. */
    private enum Claim { SERVICE, SERVICE_PROJECT, CONTAINER, EXPLICIT, UNIQUE }

    private record Candidate(String name, Claim claim) {
    }

    private final String debugDomain;

    /** @param debugDomain a route's default hostname is {@code <name>.<debugDomain>} */
    public RouteNaming(String debugDomain) {
        this.debugDomain = Objects.requireNonNull(debugDomain, "debugDomain");
    }

    /** The final routes, sorted by name, with default hostnames for their final names. */
    public List<RouteSpec> assign(Collection<DiscoveredRoute> routes) {
        return assign(routes, Map.of());
    }

    /**
     * As above, where {@code held} maps a container id to the route name it has now; a route
     * keeps its held name against every claim weaker than an explicit label.
     */
    public List<RouteSpec> assign(Collection<DiscoveredRoute> routes, Map<String, String> held) {
        return assign(routes, new Holds(held, Map.of()));
    }

    /**
     * Names a route holds or held: {@code byContainerId} in the table being replaced,
     * {@code rememberedByContainerName} from before the proxy restarted (container name to route
     * name; a recreated compose container keeps its name, not its id).
     */
    public record Holds(Map<String, String> byContainerId, Map<String, String> rememberedByContainerName) {
        public Holds {
            byContainerId = Map.copyOf(byContainerId);
            rememberedByContainerName = Map.copyOf(rememberedByContainerName);
        }
    }

    /** The name a route holds now, and the one it held before a restart; either may be null. */
    private record Hold(String now, String remembered, boolean usable) {
    }

    /**
     * As above: a route keeps the name it holds now against everything but an explicit label; the
     * name it held before the proxy restarted comes next; and a route that can be used wins a
     * name over one in error (a container on another stack's network must not rename yours).
     */
    public List<RouteSpec> assign(Collection<DiscoveredRoute> routes, Holds held) {
        List<DiscoveredRoute> list = List.copyOf(routes);
        List<List<Candidate>> candidates = list.stream().map(RouteNaming::candidates).toList();
        List<Hold> holds = list.stream().map(r -> new Hold(held.byContainerId().get(r.draft().containerId()),
                held.rememberedByContainerName().get(r.containerName()), r.draft().usable())).toList();
        int[] stage = new int[list.size()];
        boolean moved = true;
        while (moved) {
            moved = false;
            for (List<Integer> group : groupByCurrentName(candidates, stage).values()) {
                if (group.size() > 1) {
                    moved |= resolve(group, candidates, holds, stage);
                }
            }
        }
        String[] names = finalNames(list, candidates, stage);
        List<RouteSpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            RouteSpec route = list.get(i).toRouteSpec(names[i], debugDomain);
            Candidate wanted = candidates.get(i).get(0);
            if (wanted.claim() == Claim.EXPLICIT && !names[i].equals(wanted.name())) {
                List<String> warnings = new ArrayList<>(route.warnings());
                warnings.add("debugproxy.route=" + wanted.name() + " is held by another container's route;"
                        + " this one is named '" + names[i] + "' (give each container its own debugproxy.route)");
                route = route.withWarnings(warnings);
            }
            out.add(route);
        }
        out.sort(Comparator.comparing(RouteSpec::name).thenComparing(RouteSpec::containerId));
        return List.copyOf(out);
    }

    private static List<Candidate> candidates(DiscoveredRoute r) {
        List<Candidate> out = new ArrayList<>();
        String explicit = RouteNames.sanitize(r.explicitName());
        String service = RouteNames.sanitize(r.composeService());
        String project = RouteNames.sanitize(r.composeProject());
        String container = RouteNames.sanitize(r.containerName());
        if (!explicit.isEmpty()) {
            add(out, explicit, Claim.EXPLICIT);
        } else if (!service.isEmpty()) {
            add(out, service, Claim.SERVICE);
            if (!project.isEmpty()) {
                add(out, service + "." + project, Claim.SERVICE_PROJECT);
            }
        }
        String base = container.isEmpty() ? "container" : container;
        if (!container.isEmpty()) {
            add(out, container, Claim.CONTAINER);
        }
        String id = RouteNames.sanitize(r.containerId());
        add(out, base + "-" + id.substring(0, Math.min(12, id.length())), Claim.UNIQUE);
        add(out, base + "-" + id, Claim.UNIQUE);
        return out;
    }

    /** Adds a candidate; a name already listed keeps its place but takes the stronger claim. */
    private static void add(List<Candidate> list, String name, Claim claim) {
        for (int i = 0; i < list.size(); i++) {
            Candidate c = list.get(i);
            if (c.name().equals(name)) {
                if (claim.compareTo(c.claim()) > 0) {
                    list.set(i, new Candidate(name, claim));
                }
                return;
            }
        }
        list.add(new Candidate(name, claim));
    }

    private static Map<String, List<Integer>> groupByCurrentName(List<List<Candidate>> candidates, int[] stage) {
        Map<String, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < stage.length; i++) {
            groups.computeIfAbsent(candidates.get(i).get(stage[i]).name(), k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    /** Moves the losers of one collision to their next candidate; true when any moved. */
    private static boolean resolve(List<Integer> group, List<List<Candidate>> candidates, List<Hold> holds,
                                   int[] stage) {
        int strongest = group.stream().mapToInt(i -> strength(candidates.get(i).get(stage[i]), holds.get(i)))
                .max().orElseThrow();
        List<Integer> holders = group.stream()
                .filter(i -> strength(candidates.get(i).get(stage[i]), holds.get(i)) == strongest).toList();
        int keeper = holders.size() == 1 ? holders.get(0) : -1;
        boolean moved = false;
        for (int i : group) {
            if (i != keeper && stage[i] + 1 < candidates.get(i).size()) {
                stage[i]++;
                moved = true;
            }
        }
        return moved;
    }

    /**
     * How strongly a candidate claims its name: an explicit label above a held name, a held name
     * above every derived one (so another stack starting does not take it away), derived names by
     * their kind.
     */
    private static int strength(Candidate candidate, Hold hold) {
        boolean holdsNow = candidate.name().equals(hold.now());
        boolean heldBefore = candidate.name().equals(hold.remembered());
        int claim = switch (candidate.claim()) {
            case UNIQUE -> 30;
            case EXPLICIT -> holdsNow ? 22 : heldBefore ? 21 : 20;
            default -> holdsNow ? 12 : heldBefore ? 11 : candidate.claim().ordinal();
        };
        return claim * 2 + (hold.usable() ? 1 : 0);
    }

    /** Current candidates, with a numeric suffix for the only case left: the same container listed twice. */
    private static String[] finalNames(List<DiscoveredRoute> list, List<List<Candidate>> candidates, int[] stage) {
        String[] names = new String[list.size()];
        Map<String, List<Integer>> groups = groupByCurrentName(candidates, stage);
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            List<Integer> members = new ArrayList<>(e.getValue());
            members.sort(Comparator.comparing((Integer i) -> list.get(i).containerId())
                    .thenComparing(i -> list.get(i).containerName()));
            for (int k = 0; k < members.size(); k++) {
                names[members.get(k)] = k == 0 ? e.getKey() : e.getKey() + "-" + (k + 1);
            }
        }
        return names;
    }
}
