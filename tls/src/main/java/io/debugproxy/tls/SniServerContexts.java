package io.debugproxy.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Server {@link SslContext}s chosen by SNI name, for Netty's {@code SniHandler}: each name gets a
 * context around its on-demand certificate, rebuilt when that certificate is renewed. Mapping a name
 * that may not be served throws {@link TlsSetupException}, which fails the handshake. Thread-safe.
 */
public final class SniServerContexts implements Mapping<String, SslContext> {
    private static final int MAX_CONTEXTS = 1024;

    private record Entry(TlsIdentity identity, SslContext context) {
    }

    private final OnDemandServerCertificates certificates;
    private final Function<TlsIdentity, SslContext> contextFactory;
    private final Map<String, Entry> contexts = new ConcurrentHashMap<>();

    SniServerContexts(OnDemandServerCertificates certificates, Function<TlsIdentity, SslContext> contextFactory) {
        this.certificates = certificates;
        this.contextFactory = contextFactory;
    }

    /** The context for {@code sniName}; null (no SNI) gets the default name's context. */
    @Override
    public SslContext map(String sniName) {
        TlsIdentity identity = certificates.certificateFor(sniName);
        String key = sniName == null ? certificates.defaultName() : sniName.toLowerCase(Locale.ROOT);
        Entry entry = contexts.get(key);
        if (entry != null && entry.identity() == identity) {
            return entry.context();
        }
        if (contexts.size() >= MAX_CONTEXTS) {
            Iterator<String> names = contexts.keySet().iterator();
            if (names.hasNext()) {
                contexts.remove(names.next());
            }
        }
        SslContext context = contextFactory.apply(identity);
        contexts.put(key, new Entry(identity, context));
        return context;
    }
}
