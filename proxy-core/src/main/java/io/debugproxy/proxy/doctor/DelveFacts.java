package io.debugproxy.proxy.doctor;

import java.util.Objects;
import java.util.Optional;

/**
 * What a multiclient Delve said about itself over its JSON-RPC API.
 *
 * @param address         where it was asked ({@code host:port})
 * @param delveVersion    e.g. {@code 1.20.2}
 * @param apiVersion      the API version of this connection (Delve's {@code --api-version})
 * @param minGo           oldest Go release this Delve supports, e.g. {@code 1.18}
 * @param maxGo           newest Go release this Delve supports, e.g. {@code 1.20}
 * @param targetGo        the program's Go release; Delve only tells while the program is stopped
 * @param running         whether the program was running (Delve answers little while it runs)
 * @param mainOptimized   whether {@code main.main} was compiled with optimizations; known only when stopped
 */
public record DelveFacts(String address, String delveVersion, int apiVersion, Optional<GoVersion> minGo,
                         Optional<GoVersion> maxGo, Optional<GoVersion> targetGo, boolean running,
                         Optional<Boolean> mainOptimized) {

    public DelveFacts {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(delveVersion, "delveVersion");
        Objects.requireNonNull(minGo, "minGo");
        Objects.requireNonNull(maxGo, "maxGo");
        Objects.requireNonNull(targetGo, "targetGo");
        Objects.requireNonNull(mainOptimized, "mainOptimized");
    }
}
