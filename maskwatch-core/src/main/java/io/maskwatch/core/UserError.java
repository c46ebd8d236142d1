package io.maskwatch.core;

/**
 * A problem the user can fix (bad input, missing file, wrong configuration). The message names
 * the problem and the fix; the command line prints it without a stack trace and exits non-zero.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
