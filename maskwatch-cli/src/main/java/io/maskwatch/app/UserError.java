package io.maskwatch.app;

/**
 * A problem the user can fix, in the command line's terms: a flag that is wrong or missing, or a
 * library's {@link io.maskwatch.core.InputException} with the flags that lead to it. The root
 * command prints the message without a stack trace and exits with status 2.
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
