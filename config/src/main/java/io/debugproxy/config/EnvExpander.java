package io.debugproxy.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in config values; {@code $$} is a
 * literal {@code $}, as in docker-compose files.
 */
final class EnvExpander {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;

    EnvExpander(Function<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /**
     * @throws IllegalArgumentException naming the variable when it is unset and has no default,
     *                                  or when a reference is malformed
     */
    String expand(String value) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
                int close = value.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + value + "' has '${' without a closing '}'");
                }
                out.append(resolve(value.substring(i + 2, close)));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String reference) {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        String fallback = sep < 0 ? null : reference.substring(sep + 2);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'${" + reference + "}' is not a variable reference: write ${NAME} or"
                    + " ${NAME:-default}, or $$ for a literal '$'");
        }
        String v = env.apply(name);
        // ':-' means "unset or empty", as in POSIX shells and docker-compose.
        if (fallback != null && (v == null || v.isEmpty())) {
            return fallback;
        }
        if (v == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set and ${" + name
                    + "} has no default; set it or write ${" + name + ":-default}");
        }
        return v;
    }
}
