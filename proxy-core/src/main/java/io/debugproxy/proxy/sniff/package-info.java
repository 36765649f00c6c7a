/**
 * First-bytes protocol detection for the multiplexed port: TLS ClientHello, HTTP/1.x (a known
 * method and a space, CONNECT included), Delve JSON-RPC and DAP. Detection only reads; the bytes it looked at are
 * handed on unchanged to the pipeline chosen for them.
 */
package io.debugproxy.proxy.sniff;
