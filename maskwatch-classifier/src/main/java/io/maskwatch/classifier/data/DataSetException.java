package io.maskwatch.classifier.data;

import io.maskwatch.core.InputException;

/**
 * A data set folder that cannot be read: not a known layout, a broken annotation, no faces, or no
 * held-out part where one is asked for.
 */
public class DataSetException extends InputException {
    private static final long serialVersionUID = 1L;

    public DataSetException(String message) {
        super(message);
    }

    public DataSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
