package io.debugproxy.cli.ide;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.debugproxy.config.discovery.DelveCommandLine;
import io.debugproxy.config.discovery.DelveInvocation;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a route's container runs Delve, read from {@code docker inspect} (never from Delve itself,
 * which a single-client server would not survive).
 */
final class DelveCommandOf {

    private DelveCommandOf() {
    }

    /**
     * @return the Delve invocation of {@code container}'s command line; empty when the container is
     *         unknown or its command does not run Delve
     * @throws RuntimeException when the engine cannot be asked (the message says why)
     */
    static Optional<DelveInvocation> container(String dockerHost, String container) {
        DefaultDockerClientConfig config =
                DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(3))
                .responseTimeout(Duration.ofSeconds(10))
                .build();
        try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
            InspectContainerResponse inspected = docker.inspectContainerCmd(container).exec();
            List<String> command = new ArrayList<>();
            if (inspected.getPath() != null) {
                command.add(inspected.getPath());
            }
            if (inspected.getArgs() != null) {
                command.addAll(List.of(inspected.getArgs()));
            }
            return DelveCommandLine.parse(command);
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
