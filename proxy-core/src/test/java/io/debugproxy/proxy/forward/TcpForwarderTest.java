package io.debugproxy.proxy.forward;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.RelaySettings;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpForwarderTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void relaysBothWaysToTheTarget() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TcpForwarder forwarder = new TcpForwarder(group, List.of(new HostPort("127.0.0.1", 0)),
                    new HostPort("127.0.0.1", upstream.getLocalPort()), RelaySettings.defaults());
            InetSocketAddress bound = forwarder.start().get(0);
            try (Socket client = new Socket(bound.getAddress(), bound.getPort())) {
                client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                try (Socket accepted = upstream.accept()) {
                    assertEquals("ping\n", readLine(accepted.getInputStream()));
                    accepted.getOutputStream().write("pong\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("pong\n", readLine(client.getInputStream()));
                }
            } finally {
                forwarder.close();
            }
        }
    }

    @Test
    void anAddressThatCannotBeBoundIsNamed() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TcpForwarder forwarder = new TcpForwarder(group, List.of(new HostPort("127.0.0.1", taken.getLocalPort())),
                    new HostPort("127.0.0.1", 1), RelaySettings.defaults());
            IllegalStateException e = assertThrows(IllegalStateException.class, forwarder::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            sb.append((char) b);
            if (b == '\n') {
                break;
            }
        }
        return sb.toString();
    }
}
