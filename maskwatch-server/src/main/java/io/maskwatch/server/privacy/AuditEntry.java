package io.maskwatch.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One audit record as the API gives it.
 *
 * @param count how many alerts, images, ... the action touched (1 for a login)
 * @param reason why, where the action asks for it (deletion on request); else null
 * @param detail what else identifies the action: criteria, ids, verdict, address
 */
public record AuditEntry(long id, String at, String actor, String action, long count, String reason, JsonNode detail) {}
