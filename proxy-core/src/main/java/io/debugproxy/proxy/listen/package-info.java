/** One plain TCP listener per route, on a port that stays the same across restarts. */
package io.debugproxy.proxy.listen;
