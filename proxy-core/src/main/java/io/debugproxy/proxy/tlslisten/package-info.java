/**
 * The mutual-TLS listener ({@code listeners.tls}): one port for every route, chosen by SNI; TLS 1.2+
 * with AEAD suites and a client certificate of the proxy's CA required; the client checked against
 * the route's allow-list during a full handshake (a refusal is a fatal alert the client reads) and
 * again once any handshake, a resumed one included, completes, before the upstream is dialed; a
 * handshake deadline, a record-length check and a ClientHello cap so that silent or garbage clients
 * cost nothing. Every refusal is logged once with its reason and counted.
 */
package io.debugproxy.proxy.tlslisten;
