package io.debugproxy.config.traefik;

import io.debugproxy.config.KeySuggestion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Traefik's names and types for the option groups that labels write in any case and
 * {@link LabelSchema} keeps as written: middlewares, and a load balancer's sticky sessions,
 * health check and response forwarding. {@link #canonical} rewrites such a subtree in the shape
 * of Traefik's dynamic configuration: option names as Traefik documents them
 * ({@code stripprefix.prefixes} becomes {@code stripPrefix.prefixes}), comma lists as lists,
 * booleans and whole numbers as such.
 *
 * <p>Traefik refuses every label of a container with an option it does not have. Traefik adds
 * options from one version to the next, so an option missing here is kept as written with a
 * warning rather than refused; a value Traefik cannot read (a boolean that is not one) is an
 * error, as it is for Traefik.
 */
final class OptionSchema {

    enum Kind { STRING, LIST, BOOL, INT, MAP, RAW, GROUP }

    /**
     * One option.
     *
     * @param name    Traefik's name for it
     * @param fields  the options of a group, by lower-case name; empty for a single value
     * @param removed why Traefik v3 no longer has it, or empty
     */
    record Field(String name, Kind kind, Map<String, Field> fields, String removed) {
    }

    private static final Field IP_STRATEGY = group("ipStrategy", integer("depth"), list("excludedIPs"),
            integer("ipv6Subnet"));
    private static final Field SOURCE_CRITERION = group("sourceCriterion", IP_STRATEGY, string("requestHeaderName"),
            bool("requestHost"));
    private static final Field DN_INFO = group("subject", bool("country"), bool("province"), bool("locality"),
            bool("organization"), bool("organizationalUnit"), bool("commonName"), bool("serialNumber"),
            bool("domainComponent"));

    /** The types of HTTP middleware and their options, as Traefik v3 (and v2) documents them. */
    static final Field MIDDLEWARE = group("middleware",
            group("addPrefix", string("prefix")),
            group("basicAuth", list("users"), string("usersFile"), string("realm"), bool("removeHeader"),
                    string("headerField")),
            group("buffering", integer("maxRequestBodyBytes"), integer("memRequestBodyBytes"),
                    integer("maxResponseBodyBytes"), integer("memResponseBodyBytes"), string("retryExpression")),
            group("chain", list("middlewares")),
            group("circuitBreaker", string("expression"), string("checkPeriod"), string("fallbackDuration"),
                    string("recoveryDuration"), integer("responseCode")),
            group("compress", list("excludedContentTypes"), list("includedContentTypes"),
                    integer("minResponseBodyBytes"), list("encodings"), string("defaultEncoding")),
            group("contentType", removed(bool("autoDetect"), "v3 always detects; the middleware has no options")),
            group("digestAuth", list("users"), string("usersFile"), bool("removeHeader"), string("realm"),
                    string("headerField")),
            group("errors", list("status"), string("service"), string("query"), map("statusRewrites")),
            group("forwardAuth", string("address"),
                    group("tls", string("ca"), string("cert"), string("key"), bool("insecureSkipVerify"),
                            removed(bool("caOptional"), "removed from forwardAuth in v3")),
                    bool("trustForwardHeader"), list("authResponseHeaders"), string("authResponseHeadersRegex"),
                    list("authRequestHeaders"), list("addAuthCookiesToResponse"), string("headerField"),
                    bool("forwardBody"), integer("maxBodySize"), bool("preserveLocationHeader"),
                    bool("preserveRequestMethod")),
            group("grpcWeb", list("allowOrigins")),
            group("headers", map("customRequestHeaders"), map("customResponseHeaders"),
                    bool("accessControlAllowCredentials"), list("accessControlAllowHeaders"),
                    list("accessControlAllowMethods"), list("accessControlAllowOriginList"),
                    list("accessControlAllowOriginListRegex"), list("accessControlExposeHeaders"),
                    integer("accessControlMaxAge"), bool("addVaryHeader"), list("allowedHosts"),
                    list("hostsProxyHeaders"), map("sslProxyHeaders"), integer("stsSeconds"),
                    bool("stsIncludeSubdomains"), bool("stsPreload"), bool("forceSTSHeader"), bool("frameDeny"),
                    string("customFrameOptionsValue"), bool("contentTypeNosniff"), bool("browserXssFilter"),
                    string("customBrowserXSSValue"), string("contentSecurityPolicy"),
                    string("contentSecurityPolicyReportOnly"), string("publicKey"), string("referrerPolicy"),
                    string("permissionsPolicy"), bool("isDevelopment"),
                    removed(bool("sslRedirect"), "v3 removed it: use the redirectScheme middleware"),
                    removed(bool("sslTemporaryRedirect"), "v3 removed it: use the redirectScheme middleware"),
                    removed(string("sslHost"), "v3 removed it: use the redirectRegex middleware"),
                    removed(bool("sslForceHost"), "v3 removed it: use the redirectRegex middleware"),
                    removed(string("featurePolicy"), "v3 removed it: use permissionsPolicy")),
            group("ipAllowList", list("sourceRange"), IP_STRATEGY, integer("rejectStatusCode")),
            group("ipWhiteList", list("sourceRange"), IP_STRATEGY),
            group("inFlightReq", integer("amount"), SOURCE_CRITERION),
            group("passTLSClientCert", bool("pem"),
                    group("info", bool("notAfter"), bool("notBefore"), bool("sans"), bool("serialNumber"), DN_INFO,
                            rename(DN_INFO, "issuer"))),
            raw("plugin"),
            group("rateLimit", integer("average"), string("period"), integer("burst"), SOURCE_CRITERION, raw("redis")),
            group("redirectRegex", string("regex"), string("replacement"), bool("permanent")),
            group("redirectScheme", string("scheme"), string("port"), bool("permanent")),
            group("replacePath", string("path")),
            group("replacePathRegex", string("regex"), string("replacement")),
            group("retry", integer("attempts"), string("initialInterval")),
            group("stripPrefix", list("prefixes"), removed(bool("forceSlash"), "v3 removed it")),
            group("stripPrefixRegex", list("regex")));

    /** {@code loadBalancer.sticky} of an HTTP service. */
    static final Field STICKY = group("sticky", group("cookie", string("name"), bool("secure"), bool("httpOnly"),
            string("sameSite"), integer("maxAge"), string("path"), string("domain")));

    /** {@code loadBalancer.healthCheck} of an HTTP service. */
    static final Field HEALTH_CHECK = group("healthCheck", string("scheme"), string("mode"), string("path"),
            string("method"), integer("status"), integer("port"), string("interval"), string("unhealthyInterval"),
            string("timeout"), string("hostname"), bool("followRedirects"), map("headers"));

    /** {@code loadBalancer.responseForwarding} of an HTTP service. */
    static final Field RESPONSE_FORWARDING = group("responseForwarding", string("flushInterval"));

    /** {@code loadBalancer.proxyProtocol} of a TCP service. */
    static final Field PROXY_PROTOCOL = group("proxyProtocol", integer("version"));

    /** One of a router's {@code tls.domains[n]}. */
    static final Field TLS_DOMAIN = group("domain", string("main"), list("sans"));

    private OptionSchema() {
    }

    private static Field string(String name) {
        return new Field(name, Kind.STRING, Map.of(), "");
    }

    private static Field list(String name) {
        return new Field(name, Kind.LIST, Map.of(), "");
    }

    private static Field bool(String name) {
        return new Field(name, Kind.BOOL, Map.of(), "");
    }

    private static Field integer(String name) {
        return new Field(name, Kind.INT, Map.of(), "");
    }

    /** Names chosen by the user (header names), values as written. */
    private static Field map(String name) {
        return new Field(name, Kind.MAP, Map.of(), "");
    }

    private static Field raw(String name) {
        return new Field(name, Kind.RAW, Map.of(), "");
    }

    private static Field group(String name, Field... fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field f : fields) {
            byName.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        return new Field(name, Kind.GROUP, Collections.unmodifiableMap(byName), "");
    }

    private static Field rename(Field f, String name) {
        return new Field(name, f.kind(), f.fields(), f.removed());
    }

    private static Field removed(Field f, String why) {
        return new Field(f.name(), f.kind(), f.fields(), why);
    }

    /**
     * {@code raw} (nested maps of label values, names as written) in Traefik's shape.
     *
     * @param key  the label key of {@code raw}, e.g. {@code traefik.http.middlewares.strip}
     * @param warn told (label, message) of an option this schema does not know or that Traefik v3 removed
     * @throws LabelError for a value Traefik cannot read
     */
    static Object canonical(Object raw, Field schema, String key, BiConsumer<String, String> warn) {
        if (!(raw instanceof Map<?, ?> map)) {
            // "compress=true" enables an option group that needs no options.
            String text = String.valueOf(raw);
            return text.isEmpty() || text.equalsIgnoreCase("true") ? Map.of() : text;
        }
        Map<String, Object> known = new LinkedHashMap<>();
        Map<String, Object> unknown = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String written = (String) k;
            String childKey = key + (written.startsWith("[") ? "" : ".") + written;
            Field field = schema.fields().get(written.toLowerCase(Locale.ROOT));
            if (field == null) {
                String suggestion = KeySuggestion.closest(written, names(schema))
                        .map(s -> " (did you mean '" + s + "'?)").orElse("");
                warn.accept(childKey, "label " + childKey + ": '" + written + "' is not " + what(schema)
                        + " that debugproxy knows" + suggestion + "; it is shown as written, and a Traefik without it"
                        + " refuses every label of the container (field not found)");
                unknown.put(written, v);
                return;
            }
            if (!field.removed().isEmpty()) {
                warn.accept(childKey, "label " + childKey + ": Traefik v3 has no option " + field.name() + " ("
                        + field.removed() + ") and refuses every label of the container (field not found)");
            }
            known.put(field.name(), value(v, field, childKey, warn));
        });
        // Traefik's order (its struct's), then what it may not know, as written.
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : schema.fields().values()) {
            if (known.containsKey(f.name())) {
                out.put(f.name(), known.get(f.name()));
            }
        }
        out.putAll(unknown);
        return Collections.unmodifiableMap(out);
    }

    private static Object value(Object v, Field field, String key, BiConsumer<String, String> warn) {
        if (field.kind() == Kind.GROUP) {
            return canonical(v, field, key, warn);
        }
        if (!(v instanceof String text)) {
            // Sub-options where Traefik takes one value: kept as written, Traefik's own error says the rest.
            return v;
        }
        return switch (field.kind()) {
            case LIST -> commaList(text);
            case BOOL -> GoValues.parseBool(text).orElseThrow(() -> new LabelError(key, "label " + key + " is '" + text
                    + "', not a boolean: use true or false"));
            case INT -> GoValues.parseInt(text).orElseThrow(() -> new LabelError(key, "label " + key + " is '" + text
                    + "', not a whole number"));
            default -> text;
        };
    }

    /** Traefik splits on commas and trims each item. */
    private static List<String> commaList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> names(Field group) {
        return group.fields().values().stream().map(Field::name).toList();
    }

    private static String what(Field group) {
        return group == MIDDLEWARE ? "a middleware type" : "an option of " + group.name();
    }
}
