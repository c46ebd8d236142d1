-- Why a delivery failed for good (an address the SMTP server refuses, a message it refuses with a
-- permanent 5xx), so an operator can see it next to the alert.
ALTER TABLE alert_delivery ADD COLUMN failure TEXT;
