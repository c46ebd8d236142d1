package io.maskwatch.core;

/**
 * What MaskWatch was given (a file, a setting, a data set, a model) cannot be used. The message
 * names the problem and the fix in the library's own terms: a setting by its configuration key, a
 * file by its path, never a command-line flag. The command layer prints it as a user error (exit
 * status 2, no stack trace) and adds its flags where they help. Each library throws its own
 * subclass.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
