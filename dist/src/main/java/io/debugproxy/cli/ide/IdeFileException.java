package io.debugproxy.cli.ide;

/** An IDE file exists but cannot be merged into safely; the message says why (the caller names the file). */
public final class IdeFileException extends RuntimeException {

    public IdeFileException(String reason) {
        super(reason);
    }
}
