/**
 * Privacy of the archive: the audit log of who did what (logins, reviews, exports, deletions),
 * deleting alerts on request with their images and delivery records, and retention, which deletes
 * face images and then whole alerts past their age.
 */
package io.maskwatch.server.privacy;
