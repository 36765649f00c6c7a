package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;

/** The rule that plain listeners stay on loopback unless the configuration acknowledges the risk. */
final class LoopbackPolicy {

    private LoopbackPolicy() {
    }

    /**
     * @param section      the config section of the listener, e.g. {@code listeners.routes}
     * @param shown        the address as the user wrote it, for the message
     * @param host         the host it binds
     * @param acknowledged the section's {@code unsafeNonLoopback}
     * @throws ConfigException naming the key to add when a non-loopback bind is not acknowledged
     */
    static void requireLoopbackOrAcknowledged(String section, String shown, String host, boolean acknowledged) {
        if (!acknowledged && !HostPort.isLoopbackHost(host)) {
            throw new ConfigException(section + ".address " + shown + " is not a loopback address, and a plain"
                    + " listener there lets anyone who reaches it run code through Delve; bind 127.0.0.1, or add"
                    + " 'unsafeNonLoopback: true' under " + section + " to accept that risk");
        }
    }
}
