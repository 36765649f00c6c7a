package io.debugproxy.cli;

/** A problem with what the user gave us (a flag, a file, a name): printed as one sentence, exit 2. */
public final class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
