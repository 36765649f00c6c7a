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
 * @param routeNote   how that route reaches Delve when it is not plain (a forwarder), or null
 * @param state       Docker's state: {@code running}, {@code exited}, {@code restarting}, {@code created}, ...
 * @param exitCode    exit code when not running
 * @param oomKilled   the kernel killed it for lack of memory
 * @param stopAsked   the engine was asked to stop or kill it (docker stop, docker kill, compose down) before it exited
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
        String routeNote,
        String state,
        long exitCode,
        boolean oomKilled,
        boolean stopAsked,
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
        return new TargetFacts(container, null, null, null, null, "running", 0, false, false,
                "", false, List.of(), List.of(),
                List.of(), List.of(), "", Optional.empty(), null, Optional.empty());
    }

    public boolean isRunning() {
        return state.equals("running");
    }

    public TargetFacts withContainer(ContainerInfo newContainer) {
        return new TargetFacts(newContainer, route, routeTarget, routeError, routeNote, state, exitCode, oomKilled,
                stopAsked, user, privileged, capAdd, securityOpt, extraHosts, env, logTail, delve, delveError,
                binary);
    }

    public TargetFacts withRoute(String newRoute, String newRouteTarget, String newRouteError) {
        return withRoute(newRoute, newRouteTarget, newRouteError, null);
    }

    public TargetFacts withRoute(String newRoute, String newRouteTarget, String newRouteError, String newRouteNote) {
        return new TargetFacts(container, newRoute, newRouteTarget, newRouteError, newRouteNote, state, exitCode,
                oomKilled, stopAsked, user, privileged, capAdd, securityOpt, extraHosts, env, logTail, delve,
                delveError, binary);
    }

    public TargetFacts withState(String newState, long newExitCode) {
        return withState(newState, newExitCode, false);
    }

    public TargetFacts withState(String newState, long newExitCode, boolean newOomKilled) {
        return new TargetFacts(container, route, routeTarget, routeError, routeNote, newState, newExitCode,
                newOomKilled, stopAsked, user, privileged, capAdd, securityOpt, extraHosts, env, logTail, delve,
                delveError, binary);
    }

    public TargetFacts withStopAsked(boolean newStopAsked) {
        return new TargetFacts(container, route, routeTarget, routeError, routeNote, state, exitCode, oomKilled,
                newStopAsked, user, privileged, capAdd, securityOpt, extraHosts, env, logTail, delve, delveError, binary);
    }

    public TargetFacts withSecurity(boolean newPrivileged, List<String> newCapAdd, List<String> newSecurityOpt) {
        return new TargetFacts(container, route, routeTarget, routeError, routeNote, state, exitCode, oomKilled,
                stopAsked, user, newPrivileged, newCapAdd, newSecurityOpt, extraHosts, env, logTail, delve,
                delveError, binary);
    }

    public TargetFacts withHosts(List<String> newExtraHosts, List<String> newEnv) {
        return new TargetFacts(container, route, routeTarget, routeError, routeNote, state, exitCode, oomKilled,
                stopAsked, user, privileged, capAdd, securityOpt, newExtraHosts, newEnv, logTail, delve, delveError,
                binary);
    }

    public TargetFacts withLog(String newLogTail) {
        return new TargetFacts(container, route, routeTarget, routeError, routeNote, state, exitCode, oomKilled,
                stopAsked, user, privileged, capAdd, securityOpt, extraHosts, env, newLogTail, delve, delveError,
                binary);
    }

    public TargetFacts withDelve(Optional<DelveFacts> newDelve, String newDelveError) {
        return new TargetFacts(container, route, routeTarget, routeError, routeNote, state, exitCode, oomKilled,
                stopAsked, user, privileged, capAdd, securityOpt, extraHosts, env, logTail, newDelve, newDelveError,
                binary);
    }

    public TargetFacts withBinary(Optional<GoBuildInfo> newBinary) {
        return new TargetFacts(container, route, routeTarget, routeError, routeNote, state, exitCode, oomKilled,
                stopAsked, user, privileged, capAdd, securityOpt, extraHosts, env, logTail, delve, delveError,
                newBinary);
    }
}
