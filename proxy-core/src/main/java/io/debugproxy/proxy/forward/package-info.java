/**
 * Making a Delve that listens on loopback inside its container reachable: a plain TCP forwarder
 * ({@code proxy forward}) and the helper containers that run it in the target's network namespace.
 */
package io.debugproxy.proxy.forward;
