package io.debugproxy.proxy.http;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the HTTP side adds to the hostname lookup: a Host header or CONNECT authority is taken apart first. */
class ReverseProxyHostRoutingTest {

    @ParameterizedTest(name = "Host: {0}")
    @CsvSource(nullValues = "none", value = {
            "api.debug.localhost, api",
            "API.Debug.LocalHost, api",
            "api.debug.localhost:2345, api",
            "api.debug.localhost., api",
            "api.example.test:80, api",
            "web.debug.localhost, none",
            "broken.debug.localhost, none",
            "api.debug.localhost:99999, none",
            "api.debug.localhost:x, none",
            "'', none",
    })
    void findsTheUsableRouteOfAHostName_portTrailingDotAndCaseIgnored(String host, String expectedRoute) {
        RouteTablePublisher publisher = new RouteTablePublisher();
        publisher.publish(RouteTable.of(List.of(
                RouteSpec.ok("api", null, null, new HostPort("10.0.0.2", 2345),
                        List.of("api.debug.localhost", "api.example.test"), new HostPort("10.0.0.2", 8080), List.of()),
                RouteSpec.failed("broken", "broken", "id", "bad label"))));
        try (ReverseProxy proxy = ReverseProxy.builder(publisher).build()) {
            assertEquals(expectedRoute, proxy.route(host).map(RouteSpec::name).orElse(null));
        }
    }
}
