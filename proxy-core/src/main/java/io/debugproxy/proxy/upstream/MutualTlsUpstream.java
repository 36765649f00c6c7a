package io.debugproxy.proxy.upstream;

import io.debugproxy.config.route.HostPort;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Re-originates TLS towards an upstream: presents the client certificate of {@link UpstreamCredentials},
 * sends {@code serverName} as SNI, and verifies the upstream's certificate against the CA and that
 * name (whatever address is dialed). Bytes the relay writes before the handshake completes wait in
 * the TLS handler; a failed handshake closes the upstream, and with it the client.
 *
 * <pre>
 *  upstream channel: [upstream-tls] [upstream-tls-diagnostics] [relay]
 * </pre>
 */
public final class MutualTlsUpstream implements UpstreamPipeline {

    private final String route;
    private final String serverName;
    private final UpstreamCredentials credentials;
    private final Consumer<UpstreamTlsProblem> problems;

    /**
     * @param route      route name, for logs
     * @param serverName SNI and the name the upstream's certificate must carry
     * @param problems   told, besides the log, why an upstream refused a session
     */
    public MutualTlsUpstream(String route, String serverName, UpstreamCredentials credentials,
                             Consumer<UpstreamTlsProblem> problems) {
        this.route = Objects.requireNonNull(route, "route");
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    @Override
    public void prepare(Channel upstream, HostPort target) {
        // The JDK engine sends host as SNI and checks it against the certificate (endpoint identification).
        SslHandler tls = credentials.sslContext().newHandler(upstream.alloc(), serverName, target.port());
        upstream.pipeline()
                .addLast("upstream-tls", tls)
                .addLast("upstream-tls-diagnostics",
                        new UpstreamTlsDiagnostics(route, target, serverName, credentials, problems));
    }

    public String serverName() {
        return serverName;
    }

    @Override
    public String toString() {
        return "MutualTlsUpstream[route=" + route + ", serverName=" + serverName + ", client=" + credentials.clientName() + "]";
    }
}
