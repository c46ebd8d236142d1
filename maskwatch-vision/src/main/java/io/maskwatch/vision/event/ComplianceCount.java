package io.maskwatch.vision.event;

import java.time.Instant;

/**
 * People seen on a source during one minute, by mask status (each person once per minute).
 *
 * @param minute start of the minute (frame time)
 */
public record ComplianceCount(String source, Instant minute, int withMask, int withoutMask) {}
