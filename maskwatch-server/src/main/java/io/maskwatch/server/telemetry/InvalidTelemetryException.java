package io.maskwatch.server.telemetry;

/** A message that is not a usable count or heartbeat; the message says what is wrong with it. */
final class InvalidTelemetryException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTelemetryException(String reason) {
        super(reason);
    }
}
