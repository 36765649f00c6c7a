package io.debugproxy.cli.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DiscoverySettings;
import io.debugproxy.config.discovery.UnknownLabels;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.traefik.DockerProvider;
import io.debugproxy.config.traefik.DockerProviderSettings;
import io.debugproxy.config.traefik.TraefikWarning;
import io.debugproxy.proxy.admin.RouteView;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTableBuilder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code proxy explain} prints, offline: the dynamic configuration Traefik would build
 * from the containers ({@code traefik}), the debug routes debugproxy derives from them
 * ({@code routes}, as {@code proxy routes --json} prints them, without listeners), and every
 * problem found ({@code warnings}, each naming the container and, when one is at fault, the label).
 */
final class ExplainReport {

    private static final Pattern LABEL_MENTION = Pattern.compile("\\blabel ([A-Za-z][\\w.@\\[\\]-]*[\\w\\]])");

    private final ObjectMapper mapper;
    private final DockerProviderSettings traefik;
    private final String debugDomain;

    ExplainReport(ObjectMapper mapper, DockerProviderSettings traefik, String debugDomain) {
        this.mapper = mapper;
        this.traefik = traefik;
        this.debugDomain = debugDomain;
    }

    /** @param synthetic true when the container was made from {@code --labels}, to explain an absent route */
    ObjectNode explain(List<InspectedContainer> containers, boolean synthetic) {
        List<TraefikWarning> warnings = new ArrayList<>();
        List<ContainerInfo> allTraefikViews = containers.stream().map(InspectedContainer::traefikView).toList();
        List<ContainerInfo> traefikViews = containers.stream().filter(c -> !c.hiddenByHealth())
                .map(InspectedContainer::traefikView).toList();
        List<ContainerInfo> discoveryViews = containers.stream().map(InspectedContainer::discoveryView).toList();
        DockerProvider docker = new DockerProvider(traefik);
        for (InspectedContainer c : containers) {
            if (!c.running()) {
                warnings.add(new TraefikWarning(c.name(), "", "container " + c.name() + " is not running; Traefik and"
                        + " debugproxy ignore it until it starts, and it is shown here as if it were running"));
            }
            // Traefik ignores a disabled container whatever its health: nothing is left out because of it.
            if (c.hiddenByHealth() && docker.considers(c.traefikView())) {
                warnings.add(new TraefikWarning(c.name(), "", "container " + c.name() + " is '" + c.health() + "': Traefik"
                        + " leaves it out until its health check passes (unless providers.docker.allowEmptyServices"
                        + " is set), so it has no routers or servers below"));
            }
        }
        Function<String, Optional<ContainerInfo>> lookup = id -> allTraefikViews.stream()
                .filter(c -> c.id().equals(id) || c.id().startsWith(id) || c.name().equals(id))
                .findFirst();
        DockerProvider.Result provider = docker.build(traefikViews, lookup);
        warnings.addAll(provider.warnings());
        // Every container, not only targets: a misspelt debugproxy.enable is why a container is no target.
        discoveryViews.forEach(c -> warnings.addAll(UnknownLabels.of(c)));

        ContainerRouteRules rules = new ContainerRouteRules(new DiscoverySettings("", Set.of(), debugDomain)
                .withRuleSyntax(traefik.ruleSyntax()).offlineInput()).withTraefik(provider);
        RouteTable table = new RouteTableBuilder(List.of(), debugDomain).build(discoveryViews, rules);
        for (RouteSpec route : table.routes()) {
            if (!route.usable()) {
                warnings.add(new TraefikWarning(route.container(), labelIn(route.error()), route.error()));
            }
            for (String w : route.warnings()) {
                if (warnings.stream().noneMatch(known -> known.message().equals(w))) {
                    warnings.add(new TraefikWarning(route.container(), firstLabel(w), w));
                }
            }
        }
        if (synthetic && table.size() == 0 && !containers.isEmpty()) {
            String name = containers.get(0).name();
            warnings.add(new TraefikWarning(name, ContainerRouteRules.ENABLE, "container " + name + " is not a debug"
                    + " target: its command does not run 'dlv ... --headless' and label " + ContainerRouteRules.ENABLE
                    + " is not true; pass --command 'dlv exec /app --headless --listen=:2345' or --labels "
                    + ContainerRouteRules.ENABLE + "=true"));
        }

        ObjectNode out = mapper.createObjectNode();
        out.set("traefik", new TraefikJson(mapper).render(provider.config()));
        ArrayNode routes = out.putArray("routes");
        table.routes().forEach(r -> routes.add(mapper.valueToTree(RouteView.derived(withAllWarnings(r, warnings)))));
        ArrayNode list = out.putArray("warnings");
        Set<String> printed = new HashSet<>();
        for (TraefikWarning w : warnings) {
            // A problem shared by several containers (a conflicting router) is one warning per container inside.
            if (!printed.add(w.message())) {
                continue;
            }
            ObjectNode n = list.addObject();
            n.put("container", w.container());
            if (w.label().isEmpty()) {
                n.putNull("label");
            } else {
                n.put("label", w.label());
            }
            n.put("message", w.message());
        }
        return out;
    }

    /**
     * The route with every warning that concerns its container, as well as its own: those only explain
     * knows (not running, left out for its health), and Traefik's about a container without traefik labels.
     */
    private static RouteSpec withAllWarnings(RouteSpec route, List<TraefikWarning> warnings) {
        List<String> all = new ArrayList<>(route.warnings());
        for (TraefikWarning w : warnings) {
            if (w.container().equals(route.container()) && !w.message().equals(route.error())
                    && !all.contains(w.message())) {
                all.add(w.message());
            }
        }
        return route.withWarnings(all);
    }

    /** The first label a warning names ("... label traefik.docker.network names ..."), or empty. */
    private static String firstLabel(String warning) {
        Matcher m = LABEL_MENTION.matcher(warning);
        return m.find() ? m.group(1) : "";
    }

    /**
     * The debugproxy label a route error names first, if any ("label debugproxy.delve.port on container
     * ..."): the one at fault comes first, others may follow as the fix ("set label ... =true").
     */
    private static String labelIn(String error) {
        String found = "";
        int at = Integer.MAX_VALUE;
        for (String label : ContainerRouteRules.LABELS) {
            for (String mention : List.of("label " + label + " ", "label " + label + ":")) {
                int i = error.indexOf(mention);
                if (i >= 0 && i < at) {
                    found = label;
                    at = i;
                }
            }
        }
        return found;
    }
}
