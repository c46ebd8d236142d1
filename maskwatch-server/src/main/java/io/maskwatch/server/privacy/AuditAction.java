package io.maskwatch.server.privacy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an audit record says was done; stored and shown by its {@link #apiName()}. */
public enum AuditAction {
    /** A dashboard login that succeeded. */
    LOGIN,
    /** A dashboard login refused: wrong name or password, or an account slowed down after failures. */
    LOGIN_FAILED,
    /** Alerts marked confirmed or false alarm. */
    REVIEW,
    /** Reviewed face crops written out (for training). */
    EXPORT,
    /** Alerts deleted on request (dashboard or {@code maskwatch alerts delete}), with a reason. */
    DELETE,
    /** Face images deleted by retention ({@code retention.image_days}). */
    RETENTION_IMAGES,
    /** Alerts deleted by retention ({@code retention.alert_days}). */
    RETENTION_ALERTS;

    /** The name in the database and the API, e.g. {@code login_failed}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> apiNames() {
        return Arrays.stream(values()).map(AuditAction::apiName).toList();
    }
}
