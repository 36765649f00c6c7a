package io.debugproxy.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.discovery.DockerStatus;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers {@code GET /routes} and {@code GET /health} from the current route table (the latter
 * also says where the proxy runs, for {@code proxy doctor}), and
 * {@code GET /metrics} (Prometheus text) from the metrics registry.
 */
final class AdminApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminApiHandler.class);
    private static final String ROUTES = "/routes";
    private static final String HEALTH = "/health";
    private static final String METRICS = "/metrics";

    private final RouteTablePublisher routes;
    private final Function<String, Optional<HostPort>> listenAddress;
    private final ProxyMetrics metrics;
    private final Supplier<Optional<DockerStatus>> docker;
    private final Supplier<Optional<ProxySelf>> self;
    private final ObjectMapper json;

    AdminApiHandler(RouteTablePublisher routes, Function<String, Optional<HostPort>> listenAddress,
                    ProxyMetrics metrics, Supplier<Optional<DockerStatus>> docker, Supplier<Optional<ProxySelf>> self,
                    ObjectMapper json) {
        this.routes = routes;
        this.listenAddress = listenAddress;
        this.metrics = metrics;
        this.docker = docker;
        this.self = self;
        this.json = json;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws JsonProcessingException {
        if (!request.decoderResult().isSuccess()) {
            JsonResponses.send(ctx, request, HttpResponseStatus.BAD_REQUEST, JsonResponses.error("bad request"), false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.equals(ROUTES) && !path.equals(HEALTH) && !path.equals(METRICS)) {
            JsonResponses.send(ctx, request, HttpResponseStatus.NOT_FOUND, JsonResponses.error("not found"), true);
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            JsonResponses.send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    JsonResponses.error("method not allowed"), true);
            return;
        }
        if (path.equals(METRICS)) {
            JsonResponses.send(ctx, request, HttpResponseStatus.OK, ProxyMetrics.CONTENT_TYPE,
                    metrics.scrape().getBytes(StandardCharsets.UTF_8), true);
            return;
        }
        RouteTable table = routes.current();
        byte[] body = path.equals(ROUTES) ? json.writeValueAsBytes(routeViews(table)) : health(table);
        JsonResponses.send(ctx, request, HttpResponseStatus.OK, body, true);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("event=admin_io_error client={} reason=\"{}\"", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            log.warn("event=admin_error client={}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private List<RouteView> routeViews(RouteTable table) {
        return table.routes().stream()
                .map(route -> RouteView.of(route, listenAddress.apply(route.name())))
                .toList();
    }

    /**
     * Always "ok" while the proxy answers: the routes it has keep working when the Docker engine
     * is away, and restarting the proxy would not bring the engine back. Whether discovery is in
     * sync is said beside it, for people and {@code proxy routes}.
     */
    private byte[] health(RouteTable table) throws JsonProcessingException {
        ObjectNode health = json.createObjectNode();
        health.put("status", "ok");
        health.put("routes", table.size());
        docker.get().ifPresent(status -> {
            ObjectNode node = health.putObject("docker");
            node.put("host", status.dockerHost());
            node.put("connected", status.connected());
            node.put("since", status.since().toString());
            node.put("lastError", status.lastError().orElse(null));
        });
        self.get().ifPresent(me -> {
            ObjectNode proxy = health.putObject("proxy");
            proxy.put("placeKnown", me.placeKnown());
            proxy.put("container", me.container());
            me.networks().stream().sorted().forEach(proxy.putArray("networks")::add);
            proxy.put("forwarders", me.forwarders());
            proxy.put("forwarderImage", me.forwarderImage());
        });
        return json.writeValueAsBytes(health);
    }
}
