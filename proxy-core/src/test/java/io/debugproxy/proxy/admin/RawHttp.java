package io.debugproxy.proxy.admin;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.Loopback;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Sends one hand-written HTTP/1.1 request, so tests control every header (including Host). */
record RawHttp(int status, Map<String, String> headers, String body) {

    static RawHttp get(HostPort server, String path, String host) throws IOException {
        return exchange(server, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    static RawHttp exchange(HostPort server, String request) throws IOException {
        try (Socket socket = Loopback.connect(server)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(Loopback.readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, headerEnd).split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new RawHttp(Integer.parseInt(lines[0].split(" ")[1]), headers,
                    response.substring(headerEnd + 4));
        }
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
