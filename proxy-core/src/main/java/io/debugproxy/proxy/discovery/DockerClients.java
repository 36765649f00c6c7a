package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** docker-java clients for one engine address: for discovery, doctor and the forwarders. */
public final class DockerClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> SCHEMES = Set.of("unix", "tcp", "npipe");

    private DockerClients() {
    }

    /**
     * A client of the engine at {@code dockerHost} ({@code unix:///var/run/docker.sock},
     * {@code tcp://host:2375}); TLS comes from {@code DOCKER_TLS_VERIFY} / {@code DOCKER_CERT_PATH}.
     *
     * @param responseTimeout how long to wait for an answer; null for no limit, for an event stream
     *                        that stays silent while nothing happens
     *
     * @throws IllegalArgumentException when the address is not a Docker endpoint, with how to write one
     */
    public static DockerClient create(String dockerHost, Duration responseTimeout) {
        String scheme;
        try {
            scheme = URI.create(dockerHost).getScheme();
        } catch (IllegalArgumentException e) {
            scheme = null;
        }
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("docker host '" + dockerHost
                    + "' is not a Docker engine address; use unix:///path/to/docker.sock or tcp://host:port");
        }
        try {
            DefaultDockerClientConfig config =
                    DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
            ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .connectionTimeout(CONNECT_TIMEOUT);
            if (responseTimeout != null) {
                http.responseTimeout(responseTimeout);
            }
            return DockerClientImpl.getInstance(config, http.build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("docker host '" + dockerHost + "' is not usable (" + LogFields.reason(e)
                    + "); use unix:///path/to/docker.sock or tcp://host:port", e);
        }
    }
}
