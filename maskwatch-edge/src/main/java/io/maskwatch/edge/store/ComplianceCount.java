package io.maskwatch.edge.store;

import java.time.Instant;

/** Faces seen with and without a mask on one source during one minute. */
public record ComplianceCount(String source, Instant minute, int withMask, int withoutMask) {}
