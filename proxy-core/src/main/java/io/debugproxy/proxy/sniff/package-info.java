/**
 * First-bytes protocol detection for the multiplexed port: TLS ClientHello, an HTTP/1.x request
 * line (CONNECT included), Delve JSON-RPC and DAP. Detection only reads; the bytes it looked at are
 * handed on unchanged to the pipeline chosen for them.
 */
package io.debugproxy.proxy.sniff;
