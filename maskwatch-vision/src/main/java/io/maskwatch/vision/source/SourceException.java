package io.maskwatch.vision.source;

import io.maskwatch.core.InputException;

/**
 * A source that cannot be opened or read: a camera that is not there, a stream that does not answer,
 * a file that is not a video or image.
 */
public class SourceException extends InputException {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
