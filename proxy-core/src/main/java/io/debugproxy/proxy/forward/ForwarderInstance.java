package io.debugproxy.proxy.forward;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which proxy a forwarder belongs to. Several proxies may share one engine; each removes only its
 * own helpers, so that one starting never takes away another's. The id is stable across restarts
 * of the same proxy (its own container's id, or its host name and state directory), so that a
 * proxy still finds the leftovers of its earlier run.
 *
 * @param id             12 hex digits, in the helper's name and its {@link ForwarderLabels#INSTANCE} label
 * @param ownerContainer full id of the container the proxy runs in, or null when it runs outside Docker
 * @param description    how the id was made, for the log
 */
public record ForwarderInstance(String id, String ownerContainer, String description) {

    public ForwarderInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
    }

    /**
     * The instance of a proxy running in container {@code ownContainerId} when present, else on
     * host {@code hostName} with state directory {@code stateDir}.
     */
    public static ForwarderInstance of(Optional<String> ownContainerId, String hostName, Path stateDir) {
        if (ownContainerId.isPresent()) {
            String cid = ownContainerId.get();
            return new ForwarderInstance(cid.substring(0, Math.min(12, cid.length())), cid,
                    "container " + cid.substring(0, Math.min(12, cid.length())));
        }
        String where = hostName + "\n" + stateDir.toAbsolutePath().normalize();
        return new ForwarderInstance(sha256(where).substring(0, 12), null,
                "host " + hostName + ", state dir " + stateDir.toAbsolutePath().normalize());
    }

    /** The labels that tie a helper to this instance. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ForwarderLabels.INSTANCE, id);
        if (ownerContainer != null) {
            labels.put(ForwarderLabels.OWNER_CONTAINER, ownerContainer);
        }
        return labels;
    }

    /**
     * Why the forwarder with {@code labels} may be removed by this instance at start, or empty
     * when it belongs to another proxy that may still use it.
     *
     * @param exists whether a container of this id is on the engine (running or not)
     */
    public Optional<String> leftoverReason(Map<String, String> labels, Predicate<String> exists) {
        if (id.equals(labels.get(ForwarderLabels.INSTANCE))) {
            return Optional.of("left by an earlier run of this proxy");
        }
        String target = labels.get(ForwarderLabels.FOR);
        if (target == null || target.isBlank() || !exists.test(target)) {
            return Optional.of("its target container is gone");
        }
        String owner = labels.get(ForwarderLabels.OWNER_CONTAINER);
        if (owner != null && !owner.isBlank() && !exists.test(owner)) {
            return Optional.of("the proxy container that made it is gone");
        }
        return Optional.empty();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
