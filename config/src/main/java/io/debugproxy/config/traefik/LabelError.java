package io.debugproxy.config.traefik;

/**
 * A label problem found while decoding one container, carrying the label key so it can become
 * a {@link TraefikWarning}. Never leaves this package: the provider turns it into a warning.
 */
final class LabelError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String label;

    LabelError(String label, String message) {
        super(message);
        this.label = label;
    }

    String label() {
        return label;
    }
}
