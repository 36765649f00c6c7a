package io.debugproxy.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * The names a CA may certify: DNS domains (each with all its subdomains) and IP ranges.
 * Written into the CA as a critical name-constraints extension and checked before signing.
 */
public record PermittedNames(List<String> dnsDomains, List<IpRange> ipRanges) {

    /** Domains permitted by default: local-only and reserved test/internal names. */
    public static final List<String> DEFAULT_DNS_DOMAINS = List.of("localhost", "test", "internal");

    /** Address ranges permitted by default: loopback and private ranges, IPv4 and IPv6. */
    public static final List<String> DEFAULT_IP_RANGES =
            List.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7");

    public PermittedNames {
        dnsDomains = List.copyOf(new LinkedHashSet<>(dnsDomains));
        ipRanges = List.copyOf(new LinkedHashSet<>(ipRanges));
        if (dnsDomains.isEmpty()) {
            throw new TlsSetupException("the CA must permit at least one DNS domain (for example --permit .localhost);"
                    + " a CA without DNS constraints could certify any host");
        }
    }

    /** {@code localhost}, {@code .test}, {@code .internal}, loopback and private address ranges. */
    public static PermittedNames defaults() {
        return parse(concat(DEFAULT_DNS_DOMAINS, DEFAULT_IP_RANGES));
    }

    /**
     * Parses entries such as {@code .localhost}, {@code debug.example.internal}, {@code 10.0.0.0/8} or
     * {@code ::1}. A domain permits itself and every subdomain, so {@code .test} and {@code test} are the same.
     */
    public static PermittedNames parse(List<String> entries) {
        List<String> domains = new ArrayList<>();
        List<IpRange> ranges = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || Names.isIpLiteral(entry) || entry.startsWith("[")) {
                ranges.add(IpRange.parse(entry));
            } else {
                String domain = entry.startsWith(".") ? entry.substring(1) : entry;
                domains.add(Names.dnsName(domain, false, "permitted domain"));
            }
        }
        return new PermittedNames(domains, ranges);
    }

    /** These permits plus {@code more}: how {@code --permit} extends the defaults. */
    public PermittedNames plus(PermittedNames more) {
        List<String> domains = new ArrayList<>(dnsDomains);
        domains.addAll(more.dnsDomains);
        List<IpRange> ranges = new ArrayList<>(ipRanges);
        ranges.addAll(more.ipRanges);
        return new PermittedNames(domains, ranges);
    }

    /** Reads the name-constraints extension of a CA certificate. */
    public static PermittedNames fromCertificate(X509Certificate ca) {
        byte[] extension = ca.getExtensionValue(Extension.nameConstraints.getId());
        if (extension == null) {
            throw new TlsSetupException("the CA certificate '" + ca.getSubjectX500Principal().getName()
                    + "' has no name constraints; re-create it with `proxy certs init --force`");
        }
        NameConstraints constraints = NameConstraints.getInstance(ASN1OctetString.getInstance(extension).getOctets());
        List<String> domains = new ArrayList<>();
        List<IpRange> ranges = new ArrayList<>();
        GeneralSubtree[] permitted = constraints.getPermittedSubtrees();
        for (GeneralSubtree subtree : permitted == null ? new GeneralSubtree[0] : permitted) {
            GeneralName base = subtree.getBase();
            if (base.getTagNo() == GeneralName.dNSName) {
                domains.add(DERIA5String.getInstance(base.getName()).getString());
            } else if (base.getTagNo() == GeneralName.iPAddress) {
                ranges.add(IpRange.fromConstraintBytes(ASN1OctetString.getInstance(base.getName()).getOctets()));
            }
        }
        return new PermittedNames(domains, ranges);
    }

    /** True when {@code dnsName} (possibly a {@code *.} wildcard) is one of the domains or below one. */
    public boolean permitsDns(String dnsName) {
        String name = dnsName.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("*.")) {
            name = name.substring(2);
        }
        for (String domain : dnsDomains) {
            if (name.equals(domain) || name.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code address} is inside one of the ranges. */
    public boolean permitsIp(InetAddress address) {
        return ipRanges.stream().anyMatch(range -> range.contains(address));
    }

    /**
     * The extension value. An address family with no permitted range is excluded entirely, because an
     * absent family would otherwise be unconstrained.
     */
    NameConstraints toExtension() {
        List<GeneralSubtree> permitted = new ArrayList<>();
        for (String domain : dnsDomains) {
            permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, domain)));
        }
        for (IpRange range : ipRanges) {
            permitted.add(new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(range.toConstraintBytes()))));
        }
        List<GeneralSubtree> excluded = new ArrayList<>();
        if (ipRanges.stream().noneMatch(IpRange::isIpv4)) {
            excluded.add(everything(IpRange.parse("0.0.0.0/0")));
        }
        if (ipRanges.stream().allMatch(IpRange::isIpv4)) {
            excluded.add(everything(IpRange.parse("::/0")));
        }
        return new NameConstraints(permitted.toArray(GeneralSubtree[]::new),
                excluded.isEmpty() ? null : excluded.toArray(GeneralSubtree[]::new));
    }

    byte[] toExtensionBytes() {
        try {
            return toExtension().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("encoding name constraints", e);
        }
    }

    /** One line for humans: {@code localhost, test, internal, 127.0.0.0/8, ...}. */
    public String describe() {
        List<String> parts = new ArrayList<>(dnsDomains);
        ipRanges.forEach(range -> parts.add(range.toString()));
        return String.join(", ", parts);
    }

    private static GeneralSubtree everything(IpRange range) {
        return new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(range.toConstraintBytes())));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
