-- The rescoring outbox: a row per claim whose stored status may be out of date, written in the same transaction
-- as the write that made it so, and deleted by the rescoring that stored a status computed after that write.
-- version moves on every such write (it starts at the enqueue time in ticks, so a row deleted and enqueued again
-- never repeats a version a slow rescoring may still hold); a rescoring deletes the row only while the version
-- it read is still current. Numbered as the SQL Server migration that makes the same change.
CREATE TABLE rescore_pending (
    claim_id    TEXT    NOT NULL PRIMARY KEY REFERENCES claims (id),
    version     INTEGER NOT NULL,
    cause       TEXT    NOT NULL,
    enqueued_at TEXT    NOT NULL
) WITHOUT ROWID;

-- The worker drains oldest first.
CREATE INDEX ix_rescore_pending_enqueued ON rescore_pending (enqueued_at, claim_id);
