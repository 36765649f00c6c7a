package io.debugproxy.cli.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debugproxy.config.traefik.DynamicConfig;
import io.debugproxy.config.traefik.DynamicConfig.RouterTls;
import io.debugproxy.config.traefik.DynamicConfig.TlsDomain;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link DynamicConfig} in Traefik's own JSON shape ({@code http.routers.<name>.rule},
 * {@code http.services.<name>.loadBalancer.servers[].url}, {@code tcp.services.<name>.loadBalancer
 * .servers[].address}, {@code udp} when labels define UDP), with Traefik's field order and its
 * omitempty rules, so the output can be compared with Traefik's {@code /api/rawdata} or pasted
 * into a file-provider configuration.
 */
final class TraefikJson {

    private final ObjectMapper mapper;

    TraefikJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode render(DynamicConfig config) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode http = root.putObject("http");
        if (!config.httpRouters().isEmpty()) {
            ObjectNode routers = http.putObject("routers");
            config.httpRouters().forEach((name, r) -> {
                ObjectNode n = routers.putObject(name);
                list(n, "entryPoints", r.entryPoints());
                list(n, "middlewares", r.middlewares());
                n.put("service", r.service());
                n.put("rule", r.rule());
                text(n, "ruleSyntax", r.ruleSyntax());
                if (r.priority() != null && r.priority() != 0) {
                    n.put("priority", r.priority());
                }
                if (r.tls() != null) {
                    tls(n.putObject("tls"), r.tls());
                }
            });
        }
        if (!config.httpServices().isEmpty()) {
            ObjectNode services = http.putObject("services");
            config.httpServices().forEach((name, s) -> {
                ObjectNode lb = services.putObject(name).putObject("loadBalancer");
                ArrayNode servers = lb.putArray("servers");
                s.urls().forEach(url -> servers.addObject().put("url", url));
                lb.put("passHostHeader", s.passHostHeader());
                options(lb, s.options());
            });
        }
        if (!config.httpMiddlewares().isEmpty()) {
            ObjectNode middlewares = http.putObject("middlewares");
            config.httpMiddlewares().forEach((name, m) -> middlewares.set(name, mapper.valueToTree(m)));
        }
        ObjectNode tcp = root.putObject("tcp");
        if (!config.tcpRouters().isEmpty()) {
            ObjectNode routers = tcp.putObject("routers");
            config.tcpRouters().forEach((name, r) -> {
                ObjectNode n = routers.putObject(name);
                list(n, "entryPoints", r.entryPoints());
                n.put("service", r.service());
                n.put("rule", r.rule());
                text(n, "ruleSyntax", r.ruleSyntax());
                if (r.priority() != null && r.priority() != 0) {
                    n.put("priority", r.priority());
                }
                if (r.tls() != null) {
                    ObjectNode tls = n.putObject("tls");
                    tls.put("passthrough", r.tls().passthrough());
                    tls(tls, r.tls());
                }
            });
        }
        if (!config.tcpServices().isEmpty()) {
            ObjectNode services = tcp.putObject("services");
            config.tcpServices().forEach((name, s) -> {
                ObjectNode lb = services.putObject(name).putObject("loadBalancer");
                ArrayNode servers = lb.putArray("servers");
                s.addresses().forEach(a -> servers.addObject().put("address", a));
                options(lb, s.options());
            });
        }
        if (!config.udpRouters().isEmpty() || !config.udpServices().isEmpty()) {
            udp(root.putObject("udp"), config);
        }
        return root;
    }

    private static void udp(ObjectNode udp, DynamicConfig config) {
        if (!config.udpRouters().isEmpty()) {
            ObjectNode routers = udp.putObject("routers");
            config.udpRouters().forEach((name, r) -> {
                ObjectNode n = routers.putObject(name);
                list(n, "entryPoints", r.entryPoints());
                n.put("service", r.service());
            });
        }
        if (!config.udpServices().isEmpty()) {
            ObjectNode services = udp.putObject("services");
            config.udpServices().forEach((name, s) -> {
                ArrayNode servers = services.putObject(name).putObject("loadBalancer").putArray("servers");
                s.addresses().forEach(a -> servers.addObject().put("address", a));
            });
        }
    }

    /** The TLS options every router has, in Traefik's order. */
    private static void tls(ObjectNode tls, RouterTls t) {
        text(tls, "options", t.options());
        text(tls, "certResolver", t.certResolver());
        if (!t.domains().isEmpty()) {
            ArrayNode domains = tls.putArray("domains");
            for (TlsDomain d : t.domains()) {
                ObjectNode n = domains.addObject();
                text(n, "main", d.main());
                list(n, "sans", d.sans());
            }
        }
    }

    private void options(ObjectNode lb, Map<String, Object> options) {
        options.forEach((k, v) -> {
            JsonNode value = mapper.valueToTree(v);
            lb.set(k, value);
        });
    }

    private static void list(ObjectNode n, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }

    private static void text(ObjectNode n, String field, String value) {
        if (!value.isEmpty()) {
            n.put(field, value);
        }
    }
}
