package io.debugproxy.tls;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What to put in a leaf certificate. Server requests name their hosts (the name itself is the first
 * DNS SAN); client requests only name the client (the subject CN).
 */
public record LeafRequest(CertificateKind kind, String name, List<String> dnsNames, List<InetAddress> ipAddresses,
                          Duration validity) {

    public static final Duration DEFAULT_SERVER_VALIDITY = Duration.ofDays(90);
    public static final Duration DEFAULT_CLIENT_VALIDITY = Duration.ofDays(30);

    public LeafRequest {
        name = kind == CertificateKind.SERVER ? Names.dnsName(name, false, "server name") : Names.clientName(name);
        List<String> normalized = new ArrayList<>();
        for (String dns : dnsNames) {
            normalized.add(Names.dnsName(dns, true, "DNS name"));
        }
        dnsNames = List.copyOf(new LinkedHashSet<>(normalized));
        ipAddresses = List.copyOf(new LinkedHashSet<>(ipAddresses));
        if (validity.isNegative() || validity.isZero()) {
            throw new TlsSetupException("a certificate must be valid for a positive duration (--days 1 or more)");
        }
        if (validity.compareTo(CaOptions.MAX_VALIDITY) > 0) {
            throw new TlsSetupException("a certificate cannot be valid for more than " + CaOptions.MAX_VALIDITY.toDays()
                    + " days (--days)");
        }
        if (kind == CertificateKind.CLIENT && (!dnsNames.isEmpty() || !ipAddresses.isEmpty())) {
            throw new TlsSetupException("client certificates carry no host names or addresses");
        }
    }

    /** A server certificate for {@code name} plus extra DNS names and IP literals. */
    public static LeafRequest server(String name, List<String> extraDnsNames, List<String> ipAddresses, Duration validity) {
        String serverName = Names.serverName(name);
        List<String> dns = new ArrayList<>();
        dns.add(serverName);
        for (String extra : extraDnsNames) {
            dns.add(Names.dnsName(extra, true, "--dns"));
        }
        List<InetAddress> ips = new ArrayList<>();
        for (String ip : ipAddresses) {
            ips.add(Names.ipAddress(ip, "--ip"));
        }
        return new LeafRequest(CertificateKind.SERVER, serverName, dns, ips, validity);
    }

    /** A server certificate for one already validated SNI name: what on-demand issuance asks for. */
    static LeafRequest serverForSni(String dnsName, Duration validity) {
        return new LeafRequest(CertificateKind.SERVER, dnsName, List.of(dnsName), List.of(), validity);
    }

    /** A client certificate whose subject CN is {@code name}. */
    public static LeafRequest client(String name, Duration validity) {
        return new LeafRequest(CertificateKind.CLIENT, Names.clientName(name), List.of(), List.of(), validity);
    }
}
