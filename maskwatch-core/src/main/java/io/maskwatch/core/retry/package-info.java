/**
 * Staying up through outages: exponential backoff with jitter between attempts, and one log line
 * when an outage starts and one when it ends. Used by everything that talks to something that
 * can go away (Kafka, PostgreSQL, SMTP, camera streams).
 */
package io.maskwatch.core.retry;
