-- Privacy: who did what to the archive (audit_log), face images deleted by retention, and the
-- index that deleting images needs.

-- One row per action on the archive or the dashboard: logins (good and failed), reviews, exports,
-- deletions on request and by retention. Written in the transaction of what it records where it
-- can be. Never changed or deleted by MaskWatch (retention included): the trigger below refuses it.
CREATE TABLE audit_log (
    id     BIGSERIAL PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL,
    actor  TEXT NOT NULL,                    -- a dashboard user, an operator (--by), or 'retention'
    action TEXT NOT NULL,                    -- login, login_failed, review, export, delete, retention_images, retention_alerts
    count  BIGINT NOT NULL DEFAULT 0,        -- how many alerts, images, ... the action touched
    reason TEXT,                             -- why, where the action asks for it (delete on request)
    detail JSONB NOT NULL DEFAULT '{}'       -- the criteria, ids, verdict, address, ...
);
-- GET /api/audit reads the newest first.
CREATE INDEX audit_log_action_id_idx ON audit_log (action, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: its records are never changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Retention deletes a face image's bytes and keeps its row (format, size) with the time it did.
ALTER TABLE image ADD COLUMN deleted_at TIMESTAMPTZ;

-- Deleting an image row makes PostgreSQL look for alerts still pointing at it (the foreign key):
-- without this index, one scan of the whole alert table per image deleted.
CREATE INDEX alert_image_id_idx ON alert (image_id);
