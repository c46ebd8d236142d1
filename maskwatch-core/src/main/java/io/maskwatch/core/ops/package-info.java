/**
 * Operations: what a long-running process tells the people who run it. Its metrics (one
 * Micrometer registry per process, with the JVM's meters, scraped in Prometheus' text format), its
 * health (liveness, and readiness from named checks: which one fails and why) and the small HTTP
 * endpoint that serves both where no web server runs ({@code /metrics}, {@code /health}).
 */
package io.maskwatch.core.ops;
