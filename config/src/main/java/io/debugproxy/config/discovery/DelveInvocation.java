package io.debugproxy.config.discovery;

import io.debugproxy.config.route.HostPort;

import java.util.Objects;
import java.util.Set;

/**
 * How a container's command runs Delve, as far as the proxy cares.
 *
 * @param subcommand         {@code exec}, {@code debug}, {@code attach}, {@code test}, {@code core}, {@code dap}, ...
 * @param headless           {@code --headless}
 * @param listen             the TCP address Delve listens on: {@code 127.0.0.1:0} (Delve's default) when
 *                           {@code --listen} is absent; an empty host means every interface; null when the
 *                           {@code --listen} value is not a TCP host:port (e.g. {@code unix:/tmp/dlv.sock})
 * @param listenGiven        whether {@code --listen} / {@code -l} was on the command line
 * @param acceptMulticlient  {@code --accept-multiclient}
 * @param apiVersion         {@code --api-version}, 1 by default as in Delve
 * @param continueAfterStart {@code --continue}
 * @param onlySameUser       {@code --only-same-user}, true by default as in Delve
 * @param listenArgument     the {@code --listen} value as written, empty when absent
 * @param program            the first argument after the subcommand: the executable of {@code exec}, the
 *                           package of {@code debug}/{@code test}, the pid of {@code attach}; empty when absent
 */
public record DelveInvocation(
        String subcommand,
        boolean headless,
        HostPort listen,
        boolean listenGiven,
        boolean acceptMulticlient,
        int apiVersion,
        boolean continueAfterStart,
        boolean onlySameUser,
        String listenArgument,
        String program) {

    /** What Delve listens on without {@code --listen}. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 0);

    private static final Set<String> SERVER_SUBCOMMANDS = Set.of("attach", "core", "debug", "exec", "replay", "test");

    public DelveInvocation {
        Objects.requireNonNull(subcommand, "subcommand");
        Objects.requireNonNull(listenArgument, "listenArgument");
        program = program == null ? "" : program;
        if (!listenGiven && !DEFAULT_LISTEN.equals(listen)) {
            throw new IllegalArgumentException("without --listen Delve listens on " + DEFAULT_LISTEN);
        }
    }

    /** An invocation whose program argument is unknown. */
    public DelveInvocation(String subcommand, boolean headless, HostPort listen, boolean listenGiven,
                           boolean acceptMulticlient, int apiVersion, boolean continueAfterStart, boolean onlySameUser,
                           String listenArgument) {
        this(subcommand, headless, listen, listenGiven, acceptMulticlient, apiVersion, continueAfterStart, onlySameUser,
                listenArgument, "");
    }

    /**
     * True when this Delve opens a port for debuggers: {@code dlv dap} always does; the
     * debugging subcommands only with {@code --headless} (otherwise the terminal client talks
     * to the server through an in-process pipe).
     */
    public boolean servesDebugApi() {
        return subcommand.equals("dap") || (headless && SERVER_SUBCOMMANDS.contains(subcommand));
    }

    /** True when only processes in the same network namespace can connect (includes the default). */
    public boolean listensOnLoopbackOnly() {
        return listen != null && listen.isLoopback();
    }
}
