-- What devices report besides their events, for the dashboard.

-- Faces seen with and without a mask per device, source and minute: one row however often the
-- device sends the minute (it sends it again each time its count changes).
CREATE TABLE compliance_minute (
    device_id    TEXT NOT NULL,
    source       TEXT NOT NULL,
    minute       TIMESTAMPTZ NOT NULL,
    with_mask    INT NOT NULL,
    without_mask INT NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, source, minute)
);
-- The dashboard's charts: all devices over a time range.
CREATE INDEX compliance_minute_time_idx ON compliance_minute (minute);

-- The latest heartbeat of each device: what it runs, and what it has not delivered yet.
ALTER TABLE device
    ADD COLUMN software_version TEXT,
    ADD COLUMN face_model TEXT,
    ADD COLUMN mask_model TEXT,
    ADD COLUMN sources TEXT[],
    ADD COLUMN last_heartbeat_at TIMESTAMPTZ,
    ADD COLUMN backlog BIGINT,
    ADD COLUMN oldest_unsent_at TIMESTAMPTZ;
