-- The rescoring outbox: a row per claim whose stored status may be out of date, written in the same transaction
-- as the write that made it so, and deleted by the rescoring that stored a status computed after that write.
-- version moves on every such write (it starts at the enqueue time in ticks, so a row deleted and enqueued again
-- never repeats a version a slow rescoring may still hold); a rescoring deletes the row only while the version
-- it read is still current.
CREATE TABLE dbo.rescore_pending (
    claim_id    nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    version     bigint            NOT NULL,
    cause       nvarchar(40)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    enqueued_at datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_rescore_pending PRIMARY KEY CLUSTERED (claim_id)
);
-- No foreign key to dbo.claims: Babelfish's check of one between these BIN2 columns fails ("could not determine
-- which collation to use"), and every statement that fills the table selects its ids from dbo.claims anyway.

-- The worker drains oldest first.
CREATE INDEX ix_rescore_pending_enqueued ON dbo.rescore_pending (enqueued_at, claim_id);
