package io.debugproxy.proxy.tlslisten;

import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.relay.DialUpstreamHandler;
import io.debugproxy.proxy.relay.RelaySettings;
import io.debugproxy.proxy.upstream.RouteUpstreams;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.Certificate;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate between a completed TLS handshake and a route. It learns the SNI name when the
 * ClientHello is read; when the handshake completes (full or resumed) it asks {@link AdmissionPolicy}
 * whether this client certificate may use the route of that name. Admitted: it gives its place to
 * {@link DialUpstreamHandler}, which only then dials the route's upstream. Refused, or the handshake
 * failed: the refusal is logged and counted and the connection closed; nothing was dialed and no
 * byte went anywhere. A full handshake has already been through the same policy
 * ({@link AdmissionDuringHandshake}), which fails it with an alert; the check here is what stands
 * between a resumed session and the route.
 */
final class RouteAdmission extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RouteAdmission.class);

    /** Plaintext fatal alerts, sent before any TLS state exists: unrecognized_name (112), handshake_failure (40). */
    private static final byte[] UNRECOGNIZED_NAME_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 112};
    private static final byte[] HANDSHAKE_FAILURE_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 40};

    private final AdmissionPolicy policy;
    private final TlsRefusals refusals;
    private final RouteUpstreams upstreams;
    private final ChannelGroup sessions;
    private final RelaySettings relay;
    private String sniName;

    RouteAdmission(AdmissionPolicy policy, TlsRefusals refusals, RouteUpstreams upstreams, ChannelGroup sessions,
                   RelaySettings relay) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.relay = Objects.requireNonNull(relay, "relay");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SniCompletionEvent sni) {
            sniSelected(ctx, sni);
        } else if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                handshakeCompleted(ctx);
            } else {
                HandshakeFailures.Classified failure = HandshakeFailures.classify(handshake.cause());
                refusals.refuse(ctx.channel(), failure.reason(), failure.client(), failure.route(), failure.explained());
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Application data can only follow a handshake this handler already judged; until then, and
        // after a refusal, nothing passes.
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!TlsRefusals.refused(ctx.channel())) {
            HandshakeFailures.Classified failure = HandshakeFailures.classify(cause);
            refusals.refuse(ctx.channel(), failure.reason(), failure.client(), failure.route(), failure.explained());
        }
        ctx.close();
    }

    private void sniSelected(ChannelHandlerContext ctx, SniCompletionEvent sni) {
        if (sni.hostname() != null) {
            ctx.channel().attr(TlsRefusals.SNI).set(sni.hostname());
        }
        if (sni.isSuccess()) {
            sniName = sni.hostname();
            return;
        }
        HandshakeFailures.Classified failure = HandshakeFailures.classify(sni.cause());
        if (failure.reason() == Refusal.CLIENT_HELLO_TOO_LARGE || failure.reason() == Refusal.NOT_TLS) {
            refusals.refuse(ctx.channel(), failure.reason(), null, null, failure.explained());
            ctx.close();
        } else if (sni.hostname() == null) {
            refusals.refuse(ctx.channel(), Refusal.NO_SNI, null, null,
                    "the ClientHello names no server (SNI); " + Refusal.NO_SNI.hint());
            alertAndClose(ctx, HANDSHAKE_FAILURE_ALERT);
        } else {
            refusals.refuse(ctx.channel(), Refusal.UNKNOWN_SNI, null, null, "no usable route answers to '"
                    + sni.hostname() + "'; " + Refusal.UNKNOWN_SNI.hint());
            alertAndClose(ctx, UNRECOGNIZED_NAME_ALERT);
        }
    }

    private void handshakeCompleted(ChannelHandlerContext ctx) {
        SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
        AdmissionPolicy.Decision decision = policy.decide(sniName, peerCertificates(session));
        if (decision instanceof AdmissionPolicy.Refused refused) {
            refusals.refuse(ctx.channel(), refused.reason(), refused.client(), refused.route(), refused.detail());
            // Through the TLS handler: close_notify, then close. The JDK engine cannot send an
            // alert once the handshake is over, so a resumed session is refused in silence.
            ctx.close();
            return;
        }
        AdmissionPolicy.Admitted admitted = (AdmissionPolicy.Admitted) decision;
        RouteSpec route = admitted.route();
        log.info("event=tls_admitted route={} client={} sni={} client_address={} protocol={} cipher={}", route.name(),
                admitted.client(), sniName, ctx.channel().remoteAddress(), session.getProtocol(), session.getCipherSuite());
        ctx.channel().config().setAutoRead(false); // until the upstream is connected
        ctx.pipeline().replace(this, "dial-upstream", new DialUpstreamHandler(route.name(),
                () -> Optional.of(route.target()), upstreams.forRoute(route), sessions, relay));
    }

    private static Certificate[] peerCertificates(SSLSession session) {
        try {
            return session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** Tells a TLS client why, in the one way it understands before any TLS state exists. */
    private static void alertAndClose(ChannelHandlerContext ctx, byte[] alert) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(alert.clone())).addListener(ChannelFutureListener.CLOSE);
    }
}
