/**
 * How the proxy reaches a route's target: plain TCP, or mutual TLS re-originated with a client
 * certificate (the proxy's own, or {@code proxy connect}'s) that verifies the upstream's name, and
 * explains in one log line why an upstream refused it.
 */
package io.debugproxy.proxy.upstream;
