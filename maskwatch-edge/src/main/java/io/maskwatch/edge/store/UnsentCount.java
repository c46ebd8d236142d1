package io.maskwatch.edge.store;

/**
 * A minute's counts the broker has not acknowledged in this version yet, with the {@code revision}
 * read: {@link EventStore#markComplianceSent} records exactly that one, so a write that came after
 * the read leaves the minute to be sent again.
 */
public record UnsentCount(ComplianceCount count, long revision) {}
