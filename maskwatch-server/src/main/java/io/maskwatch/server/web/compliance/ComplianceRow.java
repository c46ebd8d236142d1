package io.maskwatch.server.web.compliance;

import java.time.LocalDateTime;

/**
 * People seen with and without a mask by one device's source in one hour or day.
 *
 * @param start the bucket's first minute, on the wall clock of the asked time zone
 */
public record ComplianceRow(LocalDateTime start, String deviceId, String source, long withMask, long withoutMask) {}
