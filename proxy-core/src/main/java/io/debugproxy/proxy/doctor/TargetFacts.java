package io.debugproxy.proxy.doctor;

import io.debugproxy.config.discovery.ContainerInfo;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything doctor learned about one container, the input of {@link TargetChecks}.
 *
 * @param container   what discovery sees (labels, command, networks with IPs, network mode)
 * @param route       the route the proxy makes of it, or null when it makes none
 * @param routeTarget the address that route dials ({@code host:port}), or null
 * @param routeError  why that route is in error, or null
 * @param state       Docker's state: {@code running}, {@code exited}, {@code restarting}, {@code created}, ...
 * @param exitCode    exit code when not running
 * @param user        {@code Config.User}, empty for the image's default (usually root)
 * @param privileged  {@code HostConfig.Privileged}
 * @param capAdd      {@code HostConfig.CapAdd} as Docker reports it ({@code SYS_PTRACE} or {@code CAP_SYS_PTRACE})
 * @param securityOpt {@code HostConfig.SecurityOpt}, e.g. {@code seccomp=unconfined}
 * @param extraHosts  {@code HostConfig.ExtraHosts}, e.g. {@code host.docker.internal:host-gateway}
 * @param env         {@code Config.Env}, {@code NAME=value}
 * @param logTail     the last lines of the container's output (stdout and stderr)
 * @param delve       what Delve's API said, when it was asked
 * @param delveError  why asking Delve failed, or null when it answered or was not asked
 * @param binary      the program's Go build information, when it could be read from the container
 */
public record TargetFacts(
        ContainerInfo container,
        String route,
        String routeTarget,
        String routeError,
        String state,
        long exitCode,
        String user,
        boolean privileged,
        List<String> capAdd,
        List<String> securityOpt,
        List<String> extraHosts,
        List<String> env,
        String logTail,
        Optional<DelveFacts> delve,
        String delveError,
        Optional<GoBuildInfo> binary) {

    public TargetFacts {
        Objects.requireNonNull(container, "container");
        state = state == null ? "" : state;
        user = user == null ? "" : user;
        capAdd = List.copyOf(capAdd);
        securityOpt = List.copyOf(securityOpt);
        extraHosts = List.copyOf(extraHosts);
        env = List.copyOf(env);
        logTail = logTail == null ? "" : logTail;
        Objects.requireNonNull(delve, "delve");
        Objects.requireNonNull(binary, "binary");
    }

    /** A running container with nothing beyond what discovery knows, for tests and callers to refine. */
    public static TargetFacts running(ContainerInfo container) {
        return new TargetFacts(container, null, null, null, "running", 0, "", false, List.of(), List.of(), List.of(),
                List.of(), "", Optional.empty(), null, Optional.empty());
    }

    public boolean isRunning() {
        return state.equals("running");
    }

    public TargetFacts withRoute(String newRoute, String newRouteTarget, String newRouteError) {
        return new TargetFacts(container, newRoute, newRouteTarget, newRouteError, state, exitCode, user, privileged, capAdd,
                securityOpt, extraHosts, env, logTail, delve, delveError, binary);
    }

    public TargetFacts withState(String newState, long newExitCode) {
        return new TargetFacts(container, route, routeTarget, routeError, newState, newExitCode, user, privileged, capAdd,
                securityOpt, extraHosts, env, logTail, delve, delveError, binary);
    }

    public TargetFacts withSecurity(boolean newPrivileged, List<String> newCapAdd, List<String> newSecurityOpt) {
        return new TargetFacts(container, route, routeTarget, routeError, state, exitCode, user, newPrivileged, newCapAdd,
                newSecurityOpt, extraHosts, env, logTail, delve, delveError, binary);
    }

    public TargetFacts withHosts(List<String> newExtraHosts, List<String> newEnv) {
        return new TargetFacts(container, route, routeTarget, routeError, state, exitCode, user, privileged, capAdd,
                securityOpt, newExtraHosts, newEnv, logTail, delve, delveError, binary);
    }

    public TargetFacts withLog(String newLogTail) {
        return new TargetFacts(container, route, routeTarget, routeError, state, exitCode, user, privileged, capAdd,
                securityOpt, extraHosts, env, newLogTail, delve, delveError, binary);
    }

    public TargetFacts withDelve(Optional<DelveFacts> newDelve, String newDelveError) {
        return new TargetFacts(container, route, routeTarget, routeError, state, exitCode, user, privileged, capAdd,
                securityOpt, extraHosts, env, logTail, newDelve, newDelveError, binary);
    }

    public TargetFacts withBinary(Optional<GoBuildInfo> newBinary) {
        return new TargetFacts(container, route, routeTarget, routeError, state, exitCode, user, privileged, capAdd,
                securityOpt, extraHosts, env, logTail, delve, delveError, newBinary);
    }
}
