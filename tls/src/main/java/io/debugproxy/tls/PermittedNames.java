package io.debugproxy.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
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

    /**
     * Single-label domains that may be permitted: reserved or special-use names (RFC 2606, RFC 6761,
     * RFC 6762, ICANN's .internal) and the de-facto home-network {@code lan}. Any other single label is
     * a public top-level domain or could become one, and permitting it would void the constraints.
     */
    public static final List<String> RESERVED_TOP_LEVEL_DOMAINS =
            List.of("localhost", "test", "internal", "local", "example", "invalid", "lan");

    /**
     * Where permitted address ranges must lie: loopback, private, shared (CGNAT, e.g. Tailscale) and
     * link-local ranges. A range reaching public addresses would let the CA impersonate hosts on the internet.
     */
    public static final List<IpRange> NON_PUBLIC_RANGES = Stream.of(
                    "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
                    "::1/128", "fc00::/7", "fe80::/10")
            .map(IpRange::parse)
            .toList();

    private static final String FORMS = "write DOMAIN, .DOMAIN or CIDR (for example .debug.example.com or 10.1.0.0/16)";

    /** {@code localhost}, {@code .test}, {@code .internal}, loopback and private address ranges. */
    public static PermittedNames defaults() {
        return parse(concat(DEFAULT_DNS_DOMAINS, DEFAULT_IP_RANGES));
    }

    /**
     * Parses entries such as {@code .localhost}, {@code debug.example.internal}, {@code 10.0.0.0/8} or
     * {@code ::1}, as given to {@code --permit}. A domain permits itself and every subdomain, so {@code .test}
     * and {@code test} are the same. Refuses whole top-level domains and public address ranges.
     */
    public static PermittedNames parse(List<String> entries) {
        List<String> domains = new ArrayList<>();
        List<IpRange> ranges = new ArrayList<>();
        addEntries(entries, domains, ranges);
        return new PermittedNames(domains, ranges);
    }

    /** These permits plus the {@code --permit} entries: how {@code --permit} extends the defaults. */
    public PermittedNames plus(List<String> entries) {
        List<String> domains = new ArrayList<>(dnsDomains);
        List<IpRange> ranges = new ArrayList<>(ipRanges);
        addEntries(entries, domains, ranges);
        return new PermittedNames(domains, ranges);
    }

    /**
     * Each entry is checked on its own, so that an address-only list is judged by the rules for
     * addresses; the at-least-one-domain rule applies to the combined set in the constructor.
     */
    private static void addEntries(List<String> entries, List<String> domains, List<IpRange> ranges) {
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || entry.contains(":") || Names.isIpLiteral(entry)) {
                ranges.add(permittedRange(raw, entry));
            } else {
                domains.add(permittedDomain(raw, entry));
            }
        }
    }

    private static IpRange permittedRange(String raw, String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!Names.isIpLiteral(bare)) {
            throw new TlsSetupException("--permit '" + raw + "' is neither a domain nor an address range; " + FORMS);
        }
        IpRange range;
        try {
            range = IpRange.parse(entry);
        } catch (TlsSetupException e) {
            throw new TlsSetupException("--permit '" + raw + "': " + e.getMessage(), e);
        }
        if (NON_PUBLIC_RANGES.stream().noneMatch(allowed -> allowed.encloses(range))) {
            throw new TlsSetupException("--permit '" + raw + "' reaches public addresses, which would let the CA"
                    + " impersonate hosts on the internet; permit only loopback, private, shared or link-local ranges"
                    + " or parts of them (" + describe(NON_PUBLIC_RANGES) + ")");
        }
        return range;
    }

    private static String permittedDomain(String raw, String entry) {
        String domain;
        try {
            domain = Names.dnsName(entry.startsWith(".") ? entry.substring(1) : entry, false, "domain");
        } catch (TlsSetupException e) {
            throw new TlsSetupException("--permit '" + raw + "' is not a valid domain (labels are letters, digits and"
                    + " inner hyphens, separated by single dots); " + FORMS, e);
        }
        if (!domain.contains(".") && !RESERVED_TOP_LEVEL_DOMAINS.contains(domain)) {
            throw new TlsSetupException("--permit '" + raw + "' is a whole top-level domain, which would let the CA"
                    + " certify any host under ." + domain + "; permit a domain of at least two labels that you control"
                    + " (for example .debug.example." + domain + ") or a reserved name ("
                    + String.join(", ", RESERVED_TOP_LEVEL_DOMAINS) + ")");
        }
        return domain;
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

    private static String describe(List<IpRange> ranges) {
        return String.join(", ", ranges.stream().map(IpRange::toString).toList());
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
