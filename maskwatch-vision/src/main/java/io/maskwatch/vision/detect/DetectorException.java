package io.maskwatch.vision.detect;

import io.maskwatch.core.InputException;

/**
 * A face detector that cannot be loaded or fetched: a missing or corrupt model file, a download
 * that failed or did not match its checksum.
 */
public class DetectorException extends InputException {
    private static final long serialVersionUID = 1L;

    public DetectorException(String message) {
        super(message);
    }

    public DetectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
