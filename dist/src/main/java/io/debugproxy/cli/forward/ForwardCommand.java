package io.debugproxy.cli.forward;

import io.debugproxy.cli.UserError;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.forward.TcpForwarder;
import io.debugproxy.proxy.relay.RelaySettings;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code proxy forward}: a plain TCP forwarder. The proxy runs it in a helper container that
 * shares a target's network namespace, to reach a Delve listening on loopback there.
 */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Forward TCP connections from the --listen addresses to the --to address, until stopped."
                + " The proxy runs this in a helper container to reach a Delve bound to 127.0.0.1 in a target container.")
public final class ForwardCommand implements Runnable {

    /** Printed on stdout once every address is bound; the proxy waits for it in the helper's log. */
    public static final String READY = "forwarding";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
            description = "Address to accept connections on (repeat for several); port 0: any free port,"
                    + " printed once bound.")
    List<String> listen;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "Address every connection is relayed to.")
    String to;

    @Override
    public void run() {
        List<HostPort> from = listen.stream().map(a -> address("--listen", a, true)).toList();
        HostPort target = address("--to", to, false);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        TcpForwarder forwarder = new TcpForwarder(group, from, target, RelaySettings.defaults());
        List<InetSocketAddress> bound;
        try {
            bound = forwarder.start();
        } catch (IllegalStateException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            forwarder.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            // docker stop sends SIGTERM: a clean stop exits 0, not 143.
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(READY + " " + bound.stream().map(a -> new HostPort(a.getAddress().getHostAddress(), a.getPort()))
                .map(HostPort::toString).toList() + " to " + target);
        out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HostPort address(String flag, String value, boolean anyPort) {
        try {
            HostPort a = HostPort.parse(value);
            if (a.port() == 0 && !anyPort) {
                throw new IllegalArgumentException("port 0");
            }
            return a;
        } catch (IllegalArgumentException e) {
            throw new UserError(flag + " '" + value + "' is not HOST:PORT: " + e.getMessage());
        }
    }
}
