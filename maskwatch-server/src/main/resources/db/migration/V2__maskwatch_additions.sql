-- What a real product needs on top of the seed's tables. Every seed column stays.

-- 64-bit ids: the notify topic already carries ids as unsigned 64-bit integers.
ALTER TABLE image ALTER COLUMN id TYPE BIGINT;
ALTER SEQUENCE image_id_seq AS BIGINT;
ALTER TABLE alert ALTER COLUMN id TYPE BIGINT;
ALTER SEQUENCE alert_id_seq AS BIGINT;
ALTER TABLE alert ALTER COLUMN image_id TYPE BIGINT;

-- Times are instants. The seed wrote UTC wall-clock times into TIMESTAMP columns.
ALTER TABLE alert ALTER COLUMN event_time TYPE TIMESTAMPTZ USING event_time AT TIME ZONE 'UTC';
ALTER TABLE alert ALTER COLUMN received_at TYPE TIMESTAMPTZ USING received_at AT TIME ZONE 'UTC';
ALTER TABLE alert ALTER COLUMN received_at SET DEFAULT now();
ALTER TABLE device ALTER COLUMN enrolled_on TYPE TIMESTAMPTZ USING enrolled_on AT TIME ZONE 'UTC';
-- A device whose configuration lacks an enrolment time must not lose its events.
ALTER TABLE device ALTER COLUMN enrolled_on DROP NOT NULL;
ALTER TABLE face_detection_model ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at AT TIME ZONE 'UTC';
ALTER TABLE mask_classification_model ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at AT TIME ZONE 'UTC';

ALTER TABLE device ADD COLUMN last_seen_at TIMESTAMPTZ;

-- Face crops are JPEG/PNG already: do not spend CPU trying to compress them again.
ALTER TABLE image ALTER COLUMN data SET STORAGE EXTERNAL;

-- The event's identity: the ingress drops a second copy of the same event.
ALTER TABLE alert ADD COLUMN event_uuid UUID;
UPDATE alert SET event_uuid = gen_random_uuid() WHERE event_uuid IS NULL;
ALTER TABLE alert ALTER COLUMN event_uuid SET NOT NULL;
ALTER TABLE alert ADD CONSTRAINT alert_event_uuid_key UNIQUE (event_uuid);

-- What the seed carried on the wire but did not keep, and what MaskWatch adds.
ALTER TABLE alert ADD COLUMN probability REAL;
ALTER TABLE alert ADD COLUMN latitude REAL;
ALTER TABLE alert ADD COLUMN longitude REAL;
ALTER TABLE alert ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE alert ADD COLUMN track_id BIGINT;
ALTER TABLE alert ADD COLUMN face_x1 INT;
ALTER TABLE alert ADD COLUMN face_y1 INT;
ALTER TABLE alert ADD COLUMN face_x2 INT;
ALTER TABLE alert ADD COLUMN face_y2 INT;
ALTER TABLE alert ADD COLUMN notified_at TIMESTAMPTZ;

-- The dashboard's queries: latest alerts, per device, per camera, and the notifier's backlog.
CREATE INDEX alert_event_time_idx ON alert (event_time DESC);
CREATE INDEX alert_device_time_idx ON alert (device_id, event_time DESC);
CREATE INDEX alert_source_time_idx ON alert (source, event_time DESC);
CREATE INDEX alert_not_notified_idx ON alert (received_at) WHERE NOT notification_sent;

-- One row per alert and recipient: the notifier's outbox. 'held' = kept back by flood control,
-- goes out in the next digest; 'failed' = the SMTP server refused the address for good.
CREATE TABLE alert_delivery (
    alert_id   BIGINT NOT NULL REFERENCES alert (id),
    recipient  TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'held', 'sent', 'failed')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at    TIMESTAMPTZ,
    email_id   BIGINT,
    PRIMARY KEY (alert_id, recipient)
);
CREATE INDEX alert_delivery_open_idx ON alert_delivery (recipient, alert_id) WHERE status IN ('pending', 'held');

-- Every email the SMTP server accepted: flood control counts these per recipient and window.
CREATE TABLE sent_email (
    id          BIGSERIAL PRIMARY KEY,
    recipient   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('alert', 'digest')),
    alert_count INT NOT NULL,
    sent_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sent_email_recipient_time_idx ON sent_email (recipient, sent_at);
