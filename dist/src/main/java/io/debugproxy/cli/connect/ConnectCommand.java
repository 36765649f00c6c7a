package io.debugproxy.cli.connect;

import io.debugproxy.cli.UntilStopped;
import io.debugproxy.cli.UserError;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.Hostnames;
import io.debugproxy.config.route.RouteNames;
import io.debugproxy.proxy.upstream.MutualTlsUpstream;
import io.debugproxy.proxy.upstream.StoredClientIdentity;
import io.debugproxy.tls.CertificateKind;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.ClientCertificateCheck;
import io.debugproxy.tls.Revocations;
import io.debugproxy.tls.TlsContexts;
import io.debugproxy.tls.TlsIdentity;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code proxy connect}: on the developer's machine, a loopback port for the IDE whose connections are
 * carried over mutual TLS to a proxy's TLS listener, to the route named by SNI.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Listen on a local port and carry each connection over mutual TLS to a route of a remote"
                + " 'proxy serve'; point the IDE or `dlv connect` at the local port.",
                "The proxy's certificate is verified against DIR/ca.pem and the route's host name."})
public final class ConnectCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT",
            description = "The proxy's TLS listener (listeners.tls of 'proxy serve', e.g. debug.example.test:2346).")
    String server;

    @Option(names = "--route", required = true, paramLabel = "NAME", description = "Route to debug (see `proxy routes`).")
    String route;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:2345",
            description = "Local address for the IDE (default: ${DEFAULT-VALUE}); loopback only unless --unsafe-listen.")
    String listen;

    @Option(names = "--certs", paramLabel = "DIR", defaultValue = "./certs",
            description = "Certificate directory holding ca.pem and client/NAME.pem + NAME-key.pem (default: ${DEFAULT-VALUE}).")
    Path certs;

    @Option(names = "--client", paramLabel = "NAME",
            description = "Client certificate to present; needed when DIR/client holds several.")
    String client;

    @Option(names = "--domain", paramLabel = "DOMAIN", defaultValue = "debug.localhost",
            description = "Debug domain of the proxy (traefik.domain): the route's host name is <route>.<domain>"
                    + " (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "Host name to ask for (SNI) and verify, instead of <route>.<domain>.")
    String serverName;

    @Option(names = "--unsafe-listen",
            description = "Allow a non-loopback --listen: anyone who reaches it debugs the route with your certificate.")
    boolean unsafeListen;

    @Override
    public void run() {
        ConnectTunnel tunnel = start();
        UntilStopped.run(tunnel);
    }

    /**
     * Checks the flags and the client certificate, binds the local port and says where it listens;
     * the tunnel carries connections until it is closed. Why the proxy refuses one is logged on stderr.
     */
    ConnectTunnel start() {
        HostPort local = listenAddress();
        HostPort proxy = address("--server", server);
        String name = sniName();
        CertsDirectory directory = CertsDirectory.at(certs.normalize());
        X509Certificate ca = directory.caCertificate();
        String clientName = ClientChoice.pick(directory, client);
        TlsIdentity identity = directory.loadIdentity(CertificateKind.CLIENT, clientName);
        Revocations crl = Files.exists(directory.crlFile()) ? directory.revocationList() : Revocations.none();
        ClientCertificateCheck check = new ClientCertificateCheck(ca, crl, Clock.systemUTC());
        StoredClientIdentity credentials = new StoredClientIdentity(clientName, identity,
                TlsContexts.trusting(ca, crl), check);
        credentials.localProblem().ifPresent(problem -> {
            throw new UserError(problem);
        });

        ConnectTunnel tunnel = new ConnectTunnel();
        HostPort bound;
        try {
            bound = tunnel.start(local, route, proxy, new MutualTlsUpstream(route, name, credentials, problem -> { }));
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("listening on %s \u2192 route %s via %s; point your IDE / dlv connect at %s%n", bound, route, proxy, bound);
        out.printf("  client certificate '%s', server name %s%n", clientName, name);
        out.flush();
        return tunnel;
    }

    private HostPort listenAddress() {
        HostPort address = address("--listen", listen);
        if (address.host().isEmpty()) {
            throw new UserError("--listen '" + listen + "' has no host; use 127.0.0.1:" + address.port());
        }
        if (!address.isLoopback() && !unsafeListen) {
            throw new UserError("--listen " + address + " is not a loopback address: anyone who reaches it could debug"
                    + " route " + route + " with your certificate; use 127.0.0.1:" + address.port()
                    + ", or pass --unsafe-listen if that is what you want");
        }
        return address;
    }

    private String sniName() {
        if (serverName != null) {
            try {
                return Hostnames.normalize(serverName);
            } catch (IllegalArgumentException e) {
                throw new UserError("--server-name: " + e.getMessage());
            }
        }
        String normalizedDomain;
        try {
            normalizedDomain = Hostnames.normalize(domain);
        } catch (IllegalArgumentException e) {
            throw new UserError("--domain: " + e.getMessage());
        }
        return RouteNames.defaultHost(route, normalizedDomain).orElseThrow(() -> new UserError("route name '" + route
                + "' does not make a host name under " + normalizedDomain + "; pass --server-name with the route's host"));
    }

    private static HostPort address(String flag, String value) {
        try {
            HostPort address = HostPort.parse(value);
            if (flag.equals("--server") && (address.host().isEmpty() || address.port() == 0)) {
                throw new UserError(flag + " '" + value + "' needs a host and a port, e.g. debug.example.test:2346");
            }
            return address;
        } catch (IllegalArgumentException e) {
            throw new UserError(flag + " '" + value + "' is not HOST:PORT: " + e.getMessage());
        }
    }
}
