package io.maskwatch.classifier;

import io.maskwatch.core.InputException;

/**
 * A classifier model folder that cannot be used: a missing or corrupt file, a manifest that does
 * not match the network, labels in another order.
 */
public class ModelException extends InputException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
