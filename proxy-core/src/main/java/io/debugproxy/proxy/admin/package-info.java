/** The local JSON admin API: the live route table ({@code GET /routes}) and health ({@code GET /health}). */
package io.debugproxy.proxy.admin;
