-- The dashboard: review of alerts, logins shared by every server instance, and a live feed.

-- An operator's verdict on an alert: NULL = not reviewed yet.
ALTER TABLE alert ADD COLUMN review TEXT CHECK (review IN ('confirmed', 'false_alarm'));
ALTER TABLE alert ADD COLUMN reviewed_by TEXT;
ALTER TABLE alert ADD COLUMN reviewed_at TIMESTAMPTZ;

-- Keyset paging: the list is ordered by (event_time, id) newest first; these indexes let each page
-- start where the last one ended, with or without a device or source filter.
DROP INDEX IF EXISTS alert_event_time_idx;
DROP INDEX IF EXISTS alert_device_time_idx;
DROP INDEX IF EXISTS alert_source_time_idx;
CREATE INDEX alert_time_id_idx ON alert (event_time DESC, id DESC);
CREATE INDEX alert_device_time_id_idx ON alert (device_id, event_time DESC, id DESC);
CREATE INDEX alert_source_time_id_idx ON alert (source, event_time DESC, id DESC);
CREATE INDEX alert_review_time_id_idx ON alert (review, event_time DESC, id DESC);

-- Logged-in sessions, in the database so that a request may land on any server instance. Only the
-- SHA-256 of the session token is kept: a copy of this table opens no session.
CREATE TABLE web_session (
    token_hash   TEXT PRIMARY KEY,
    user_name    TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX web_session_last_seen_idx ON web_session (last_seen_at);

-- Failed logins in a row per account (reset by a good one): after five, the account is slowed down.
CREATE TABLE login_failure (
    user_name       TEXT PRIMARY KEY,
    failures        INT NOT NULL,
    last_failure_at TIMESTAMPTZ NOT NULL
);

-- Every instance's live feed hears of every new alert, whichever ingress archived it.
CREATE FUNCTION announce_alert() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('maskwatch_alert', NEW.id::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER alert_announce AFTER INSERT ON alert FOR EACH ROW EXECUTE FUNCTION announce_alert();
