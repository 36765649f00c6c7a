/**
 * The HTTP reverse proxy on Netty's HTTP codec: routes by {@code Host} to a route's HTTP backend,
 * sets the forwarded headers (keeping incoming ones only from trusted proxies), removes hop-by-hop
 * headers, streams bodies both ways with backpressure, keeps client connections alive and pools
 * backend connections per event loop, passes WebSocket upgrades and {@code CONNECT} tunnels through
 * as raw byte relays, and rewrites {@code Location}-like headers that name the backend's internal
 * address. Bodies are never rewritten.
 */
package io.debugproxy.proxy.http;
