package io.debugproxy.config;

/**
 * A configuration or label problem, explained in one sentence for a human: where
 * ({@code file:line:} when known), what is wrong, and how to fix it.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
