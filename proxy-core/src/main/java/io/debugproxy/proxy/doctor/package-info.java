/**
 * {@code proxy doctor}: every way debugging a Go service in Docker breaks, checked against the real
 * engine and, when that is safe, against Delve's own API; each finding says what to change.
 */
package io.debugproxy.proxy.doctor;
