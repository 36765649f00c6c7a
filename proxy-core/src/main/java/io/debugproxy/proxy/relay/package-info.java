/** Bidirectional TCP relay between a client channel and the upstream it dials, with backpressure and half-close. */
package io.debugproxy.proxy.relay;
