package io.maskwatch.vision.output;

import io.maskwatch.core.InputException;

/**
 * An output (annotated video or images, JSON lines) that cannot be written where it was asked for.
 */
public class OutputException extends InputException {
    private static final long serialVersionUID = 1L;

    public OutputException(String message) {
        super(message);
    }

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
