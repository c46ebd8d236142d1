package io.maskwatch.server.db;

import io.maskwatch.core.InputException;

/**
 * PostgreSQL cannot be used: not reachable in time, the login refused, or the schema newer than this
 * program.
 */
public class DatabaseException extends InputException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
