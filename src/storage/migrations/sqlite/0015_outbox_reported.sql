-- A reminder given up is reported to the evaluation office once, in the
-- next day's digest (docs/reminders.md): when it was ('' until then).
ALTER TABLE outbox ADD COLUMN reported_at TEXT NOT NULL DEFAULT '';
