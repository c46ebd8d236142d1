package io.maskwatch.train;

import io.maskwatch.core.InputException;

/**
 * Training settings or inputs that cannot be used: an initial or teaching model that does not fit,
 * a split that leaves a class empty.
 */
public class TrainingException extends InputException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
