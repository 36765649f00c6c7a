/** Docker discovery: the live inventory of running containers, kept in sync with the engine's events. */
package io.debugproxy.proxy.discovery;
