/**
 * The multiplexed plain port ({@code listeners.mux}, default 127.0.0.1:2345): one port for the IDE,
 * curl, a browser and Traefik. The first bytes pick the pipeline — TLS to the TLS listener's
 * pipeline, HTTP to the reverse proxy, Delve JSON-RPC and DAP to the one usable route (or an error
 * in the client's own protocol listing the routes and their ports).
 */
package io.debugproxy.proxy.mux;
