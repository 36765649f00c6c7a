package io.debugproxy.proxy.forward;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.RouteTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Static routes that say {@code localhost} mean the developer's machine. When the proxy runs in a
 * container, its own loopback is not that machine: such routes dial the Docker host through the
 * container's default gateway instead (what {@code host.docker.internal} gives on Docker Desktop),
 * and say so in their note.
 */
public final class HostGateway {

    private static final Path PROC_NET_ROUTE = Path.of("/proc/net/route");

    private HostGateway() {
    }

    /**
     * {@code table} with its static loopback routes pointed at the Docker host, when the proxy runs
     * in a container ({@code proxyNetworks} non-empty) whose default gateway is known; else unchanged.
     */
    public static RouteTable rewriteStaticLoopback(RouteTable table, Set<String> proxyNetworks) {
        if (proxyNetworks.isEmpty()) {
            return table;
        }
        return defaultGateway().map(gw -> rewriteStaticLoopback(table, gw)).orElse(table);
    }

    /** {@code table} with static routes to a loopback address dialing {@code gateway} instead. */
    public static RouteTable rewriteStaticLoopback(RouteTable table, String gateway) {
        List<RouteSpec> out = new ArrayList<>();
        boolean changed = false;
        for (RouteSpec r : table.routes()) {
            if (r.containerId() == null && r.usable() && r.target() != null && r.target().isLoopback()) {
                HostPort target = new HostPort(gateway, r.target().port());
                RouteSpec moved = r.withTarget(target, "static route to " + r.target() + ": the proxy runs in a"
                        + " container, so this dials the Docker host at its gateway " + gateway);
                out.add(moved);
                changed = true;
            } else {
                out.add(r);
            }
        }
        return changed ? RouteTable.of(out) : table;
    }

    /** The default gateway of this network namespace, from {@code /proc/net/route}. */
    public static Optional<String> defaultGateway() {
        try {
            return fromProcNetRoute(Files.readString(PROC_NET_ROUTE, StandardCharsets.US_ASCII));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Parses Linux's route table: the gateway of destination 0.0.0.0/0, stored as little-endian hex. */
    static Optional<String> fromProcNetRoute(String text) {
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[1].equals("00000000") || !f[7].equals("00000000")) {
                continue;
            }
            try {
                long g = Long.parseLong(f[2], 16);
                if (g == 0) {
                    continue;
                }
                return Optional.of((g & 0xff) + "." + ((g >> 8) & 0xff) + "." + ((g >> 16) & 0xff) + "." + ((g >> 24) & 0xff));
            } catch (NumberFormatException e) {
                // a header or a malformed line
            }
        }
        return Optional.empty();
    }
}
