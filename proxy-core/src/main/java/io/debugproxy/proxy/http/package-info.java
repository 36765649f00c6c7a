/**
 * The HTTP reverse proxy on Netty's HTTP codec: routes by {@code Host} (or an absolute-form
 * target) to a route's HTTP backend, sets the forwarded headers (keeping incoming ones only from
 * trusted proxies), removes hop-by-hop headers, streams bodies both ways with backpressure, keeps
 * client connections alive and pools backend connections per event loop, passes WebSocket
 * upgrades and {@code CONNECT} tunnels through as raw byte relays, and rewrites
 * {@code Location}-like headers that name the backend's internal address to the public one (the
 * client's {@code Host}, or what a trusted proxy in front reports). Bodies are never rewritten.
 * Requests it cannot take get short plain-text errors (400, 404, 408, 414, 431, 505); a client's
 * half-close ends its requests, not their answers.
 */
package io.debugproxy.proxy.http;
