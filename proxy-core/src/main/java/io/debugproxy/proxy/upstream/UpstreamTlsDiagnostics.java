package io.debugproxy.proxy.upstream;

import io.debugproxy.config.route.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.CertificateException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the TLS handler of an upstream channel and turns the ways a TLS upstream can say no
 * into one log line with the reason: a refused client certificate (an alert in the handshake, or
 * under TLS 1.3 at the first read after it), an unknown server name, an upstream certificate that
 * does not verify, or a close right after the handshake before any byte came back. Passes every
 * event on unchanged. One instance per channel.
 */
final class UpstreamTlsDiagnostics extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(UpstreamTlsDiagnostics.class);

    private final String route;
    private final HostPort target;
    private final String serverName;
    private final UpstreamCredentials credentials;
    private final Consumer<UpstreamTlsProblem> listener;
    private boolean handshaken;
    private boolean received;
    private boolean closingHere;
    private boolean reported;

    UpstreamTlsDiagnostics(String route, HostPort target, String serverName, UpstreamCredentials credentials,
                           Consumer<UpstreamTlsProblem> listener) {
        this.route = Objects.requireNonNull(route, "route");
        this.target = Objects.requireNonNull(target, "target");
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                handshaken = true;
            } else {
                report(duringHandshake(completion.cause()));
            }
        } else if (evt instanceof SslCloseCompletionEvent || evt instanceof ChannelInputShutdownEvent) {
            // The upstream ended its side (close_notify, or FIN with half-closure on).
            peerClosed();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buffer && buffer.isReadable()) {
            received = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshaken) {
            report(duringHandshake(cause));
        } else if (!received && !closingHere) {
            // TLS 1.3: the server judges our certificate after we consider the handshake done, and
            // a server that closes with our first bytes unread sends a reset after its close_notify.
            Optional<String> alert = TlsAlerts.received(cause).filter(TlsAlerts::aboutClientCertificate);
            report(alert.isPresent() ? certificateRefused(alert.get()) : closedAfterHandshake());
        }
        if (reported && find(cause, SSLException.class) != null) {
            // Explained in one line above; the relay closes the client when this channel goes.
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        closingHere = true;
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peerClosed();
        ctx.fireChannelInactive();
    }

    private void peerClosed() {
        if (handshaken && !received && !closingHere) {
            report(closedAfterHandshake());
        }
    }

    private UpstreamTlsProblem closedAfterHandshake() {
        return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.CLOSED_AFTER_HANDSHAKE, null,
                "the proxy at " + target + " completed the TLS handshake for '" + serverName + "' and then closed"
                        + " the connection without sending a byte: client certificate '" + credentials.clientName()
                        + "' is probably not among the route's allowed clients (debugproxy.clients / routes[].clients),"
                        + " or the route's Delve is not reachable from there; the proxy logs the reason as event=tls_refused"
                        + " or event=upstream_connect_failed");
    }

    private UpstreamTlsProblem duringHandshake(Throwable cause) {
        Optional<String> alert = TlsAlerts.received(cause);
        if (alert.isPresent()) {
            if (alert.get().equals("unrecognized_name")) {
                return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.UNKNOWN_SERVER_NAME, alert.get(),
                        "the proxy at " + target + " has no route for the name '" + serverName + "': check the route"
                                + " name with `proxy routes` where the proxy runs, or pass the right --route / --server-name");
            }
            if (TlsAlerts.aboutClientCertificate(alert.get())) {
                return certificateRefused(alert.get());
            }
            return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.HANDSHAKE_FAILED, alert.get(),
                    "the TLS handshake with " + target + " failed: the proxy sent alert " + alert.get()
                            + " (no common TLS version or cipher suite?)");
        }
        CertificateException untrusted = find(cause, CertificateException.class);
        if (untrusted != null) {
            return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.SERVER_NOT_TRUSTED, null,
                    "the certificate of " + target + " for '" + serverName + "' does not verify: "
                            + untrusted.getMessage() + "; is it a debugproxy TLS listener whose CA is the one in your certs"
                            + " directory, and does it serve that name?");
        }
        return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.HANDSHAKE_FAILED, null,
                "the TLS handshake with " + target + " for '" + serverName + "' failed: " + describe(cause)
                        + "; is it a debugproxy TLS listener?");
    }

    private UpstreamTlsProblem certificateRefused(String alert) {
        String why = credentials.localProblem()
                .orElse(TlsAlerts.meaning(alert) + "; the proxy's log says exactly why (event=tls_refused)");
        return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.CLIENT_CERTIFICATE_REFUSED, alert,
                "the proxy refused client certificate '" + credentials.clientName() + "': " + why);
    }

    private void report(UpstreamTlsProblem problem) {
        if (reported) {
            return;
        }
        reported = true;
        log.warn("event=upstream_tls_refused kind={} route={} upstream={} server_name={} client={} alert={} reason=\"{}\"",
                problem.kind().name().toLowerCase(java.util.Locale.ROOT), route, target, serverName,
                credentials.clientName(), problem.alert() == null ? "-" : problem.alert(), problem.message().replace('"', '\''));
        listener.accept(problem);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
