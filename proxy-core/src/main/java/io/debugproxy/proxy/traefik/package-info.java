/** Traefik's side of the debug routes: the file-provider configuration the proxy writes for Traefik. */
package io.debugproxy.proxy.traefik;
