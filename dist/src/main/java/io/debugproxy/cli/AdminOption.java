package io.debugproxy.cli;

import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code --admin} of every command that asks a running proxy (routes, health, ide): the flag, else
 * {@code $DEBUGPROXY_ADMIN}, else {@code 127.0.0.1:9180}. The variable saves repeating the flag when
 * compose publishes the admin port elsewhere.
 */
public final class AdminOption {

    /** The environment variable read when the flag is not given. */
    public static final String ENV = "DEBUGPROXY_ADMIN";
    static final String DEFAULT = "127.0.0.1:9180";

    @Option(names = "--admin", paramLabel = "HOST:PORT",
            description = "Admin API address of the running proxy (default: $" + ENV + ", else " + DEFAULT + ").")
    String flag;

    /** The address to ask. */
    public String address() {
        return address(System.getenv());
    }

    String address(Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT : fromEnv.trim();
    }

    /** Where {@link #address()} comes from, to name in an error: {@code --admin}, {@code $DEBUGPROXY_ADMIN} or the default. */
    public String source() {
        return source(System.getenv());
    }

    String source(Map<String, String> env) {
        if (flag != null) {
            return "--admin";
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isBlank() ? "the default admin address" : "$" + ENV;
    }
}
