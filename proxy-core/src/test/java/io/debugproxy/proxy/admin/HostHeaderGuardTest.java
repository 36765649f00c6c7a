package io.debugproxy.proxy.admin;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HostHeaderGuardTest {

    @ParameterizedTest(name = "bind {0}, Host {1} -> passes={2}")
    @CsvSource({
            "10.1.2.3,     10.1.2.3,        true",
            "10.1.2.3,     10.1.2.3:9180,   true",
            "10.1.2.3,     10.1.2.4,        false",
            "fd00::7,      [fd00::7]:9180,  true",
            "fd00::7,      [FD00::7],       true",
            "proxy.lan,    PROXY.lan:9180,  true",
            "0.0.0.0,      0.0.0.0:9180,    false",
            "::,           [::]:9180,       false",
            "0.0.0.0,      localhost:9180,  true",
    })
    void acceptsTheLiteralBindAddressButNeverAWildcard(String bindHost, String host, boolean passes) {
        EmbeddedChannel channel = new EmbeddedChannel(new HostHeaderGuard(bindHost));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health");
        request.headers().set(HttpHeaderNames.HOST, host);

        channel.writeInbound(request);

        if (passes) {
            FullHttpRequest passed = channel.readInbound();
            assertEquals("/health", passed.uri());
            ReferenceCountUtil.release(passed);
            assertNull(channel.readOutbound());
        } else {
            assertNull(channel.readInbound());
            FullHttpResponse refused = channel.readOutbound();
            assertEquals(HttpResponseStatus.FORBIDDEN, refused.status());
            ReferenceCountUtil.release(refused);
            assertEquals(0, request.refCnt(), "the refused request was released");
        }
        channel.finishAndReleaseAll();
    }
}
