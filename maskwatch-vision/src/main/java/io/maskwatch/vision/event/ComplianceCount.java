package io.maskwatch.vision.event;

import java.time.Instant;

/**
 * People seen on a source during one minute, by mask status (each person once per minute).
 *
 * @param minute start of the minute (frame time)
 * @param replaces the minute's whole count from an input that replays (a file): it replaces what is
 *     stored for the minute, so a rerun does not count the minute twice. A camera's count adds to
 *     what is stored (a restart within a minute sees other frames).
 */
public record ComplianceCount(String source, Instant minute, int withMask, int withoutMask, boolean replaces) {}
