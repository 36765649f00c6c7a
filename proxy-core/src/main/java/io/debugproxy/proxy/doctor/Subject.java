package io.debugproxy.proxy.doctor;

import java.util.Objects;

/**
 * What a check is about: the Docker engine, the proxy, or one debug target.
 *
 * @param name      how the report names it: {@code docker}, {@code proxy}, a route name or a container name
 * @param container container name, or null when the subject is not a container
 * @param route     route name, or null when the container has no route (or the subject is not a target)
 */
public record Subject(String name, String container, String route) {

    public static final Subject DOCKER = new Subject("docker", null, null);
    public static final Subject PROXY = new Subject("proxy", null, null);

    public Subject {
        Objects.requireNonNull(name, "name");
    }

    /** A debug target, named after its route when it has one. */
    public static Subject target(String container, String route) {
        return new Subject(route != null ? route : container, container, route);
    }
}
