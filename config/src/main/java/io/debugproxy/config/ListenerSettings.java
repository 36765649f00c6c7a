package io.debugproxy.config;

import java.util.Objects;

/** The three kinds of listeners the IDE side connects to. */
public record ListenerSettings(RoutesListener routes, MuxListener mux, TlsListener tls) {

    public ListenerSettings {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(mux, "mux");
        Objects.requireNonNull(tls, "tls");
    }

    public ListenerSettings withRoutes(RoutesListener newRoutes) {
        return new ListenerSettings(newRoutes, mux, tls);
    }

    public ListenerSettings withMux(MuxListener newMux) {
        return new ListenerSettings(routes, newMux, tls);
    }

    public ListenerSettings withTls(TlsListener newTls) {
        return new ListenerSettings(routes, mux, newTls);
    }
}
