package io.debugproxy.proxy.upstream;

import io.debugproxy.config.route.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.CertificateException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the TLS handler of an upstream channel and turns the ways a TLS upstream can say no
 * into one log line with the reason: a refused client certificate (an alert in the handshake, or
 * under TLS 1.3 at the first read after it), an unknown server name, an upstream certificate that
 * does not verify, or a close right after the handshake before any byte came back. A debugproxy TLS
 * listener refuses a certificate in a full handshake with an alert, so a close without one means it
 * admitted the client and could not reach the route's target, unless the session was resumed: those
 * it can only refuse by closing. Passes every event on unchanged. One instance per channel.
 */
final class UpstreamTlsDiagnostics extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(UpstreamTlsDiagnostics.class);

    private final String route;
    private final HostPort target;
    private final String serverName;
    private final UpstreamCredentials credentials;
    private final Consumer<UpstreamTlsProblem> listener;
    /** Wall-clock time (as SSLSession creation times are) the channel was set up, before it connected. */
    private long setUpAtMillis;
    private SSLSession session;
    private boolean resumed;
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
    public void handlerAdded(ChannelHandlerContext ctx) {
        setUpAtMillis = System.currentTimeMillis();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                handshaken = true;
                session = ctx.pipeline().get(SslHandler.class).engine().getSession();
                // A resumed session keeps the creation time of the one it resumes, from before this channel.
                resumed = session.getCreationTime() < setUpAtMillis;
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
            if (alert.isPresent()) {
                report(certificateRefused(alert.get()));
            } else {
                closedWithoutAlert();
            }
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
            closedWithoutAlert();
        }
    }

    private void closedWithoutAlert() {
        if (reported) {
            return;
        }
        if (resumed) {
            // Forgotten, the session cannot be resumed again: the next connection makes a full
            // handshake, in which the proxy refuses a certificate with an alert.
            session.invalidate();
        }
        report(closedAfterHandshake());
    }

    private UpstreamTlsProblem closedAfterHandshake() {
        String client = credentials.clientName();
        if (resumed) {
            return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.CLOSED_AFTER_HANDSHAKE, null,
                    "the proxy at " + target + " closed the connection right after resuming an earlier TLS session of"
                            + " client certificate '" + client + "' for route " + route + " ('" + serverName + "'),"
                            + " without a TLS alert and before sending a byte: it checks a resumed session only after"
                            + " the handshake, so either it refused '" + client + "' there (its log says event=tls_refused"
                            + " and why) or the route's Delve is not reachable from it (event=upstream_connect_failed);"
                            + " the session is forgotten, so the next connection makes a full handshake and tells which");
        }
        return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.CLOSED_AFTER_HANDSHAKE, null,
                "the proxy at " + target + " admitted client certificate '" + client + "' for route " + route
                        + " ('" + serverName + "') but closed the connection without a TLS alert before sending a byte:"
                        + " the route's Delve is not reachable from the proxy, or closed the connection at once; check"
                        + " that it runs and listens (`proxy routes` and `proxy doctor` where the proxy runs; its log"
                        + " says event=upstream_connect_failed)");
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
        String client = credentials.clientName();
        Optional<String> localProblem = credentials.localProblem();
        String why;
        if (localProblem.isPresent()) {
            why = localProblem.get() + " (server log says why: event=tls_refused client=" + client + ")";
        } else if (alert.equals("certificate_unknown")) {
            // What a debugproxy listener sends for every certificate it refuses. What this side can
            // check passed; a user's certs directory rarely holds a current crl.pem, so revocation
            // is as likely as the route's allow-list, and both are named.
            why = "its CA, validity and key usage are fine here, so the proxy refuses it for one of two reasons"
                    + " (its log says which: event=tls_refused client=" + client + " reason=...):"
                    + " reason=not_allowed_on_route, '" + client + "' is not in the route's debugproxy.clients label"
                    + " (or routes[].clients): add it there, or connect with an allowed --client;"
                    + " reason=revoked, the proxy's CA has revoked '" + client + "' (`proxy certs list` where the proxy"
                    + " runs shows it): ask for a new client certificate";
        } else {
            why = TlsAlerts.meaning(alert) + " (server log says why: event=tls_refused client=" + client + ")";
        }
        return new UpstreamTlsProblem(UpstreamTlsProblem.Kind.CLIENT_CERTIFICATE_REFUSED, alert,
                "the proxy refused client certificate '" + client + "' for route " + route + " with TLS alert " + alert
                        + ": " + why);
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
