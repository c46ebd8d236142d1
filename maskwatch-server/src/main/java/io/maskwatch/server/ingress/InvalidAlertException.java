package io.maskwatch.server.ingress;

/** A message that is not a usable alert; the message says what is wrong with it. */
final class InvalidAlertException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidAlertException(String reason) {
        super(reason);
    }
}
