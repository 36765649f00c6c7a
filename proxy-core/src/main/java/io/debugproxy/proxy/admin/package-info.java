/**
 * The local admin API: the live route table ({@code GET /routes}), health ({@code GET /health})
 * and Prometheus metrics ({@code GET /metrics}).
 */
package io.debugproxy.proxy.admin;
