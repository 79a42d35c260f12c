-- Each claim's current assessment, kept by the rescoring so that a status read as of now is one indexed read.
-- summary is the BASIC StatusReport (protobuf), detail the fields only FULL adds (decision, every contribution);
-- protobuf concatenation merges them into the FULL report (detail is null for claims of more than 1,000
-- contributions, whose FULL reads score the evidence). A row answers a read only while the claim has no
-- rescore_pending row, its policy_version is the server's, and the read's time lies in [computed_at, valid_until):
-- valid_until is the earliest stored evidence time after computed_at (a future-dated assertion or adjudication),
-- when the same evidence starts to score differently; null when there is none.
CREATE TABLE dbo.claim_assessments (
    claim_id       nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    policy_version nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    computed_at    datetimeoffset(7) NOT NULL,
    valid_until    datetimeoffset(7) NULL,
    summary        varbinary(max) NOT NULL,
    detail         varbinary(max) NULL,
    CONSTRAINT pk_claim_assessments PRIMARY KEY CLUSTERED (claim_id)
);
-- No foreign key to dbo.claims, as for dbo.rescore_pending (0004): the rescoring writes only claims it read.

-- The worker finds the rows that time or a new policy made stale.
CREATE INDEX ix_claim_assessments_valid_until ON dbo.claim_assessments (valid_until) WHERE valid_until IS NOT NULL;
CREATE INDEX ix_claim_assessments_policy ON dbo.claim_assessments (policy_version);

-- valid_until looks for the earliest adjudication decided after a time.
CREATE INDEX ix_adjudications_decided ON dbo.adjudications (decided_at);

-- Every claim stored before this migration gets its assessment from the worker; until then its reads compute.
-- Version 1 lies far below the tick-based versions a running rescoring can hold.
INSERT INTO dbo.rescore_pending (claim_id, version, cause, enqueued_at)
SELECT c.id, 1, N'repair', TODATETIMEOFFSET(SYSUTCDATETIME(), 0)
FROM dbo.claims AS c
WHERE NOT EXISTS (SELECT 1 FROM dbo.rescore_pending AS p WHERE p.claim_id = c.id);

-- Each source's learned record summed over every adjudication (dbo.source_track), kept by the adjudications in
-- their transaction, so scoring as of now reads one row per source instead of summing its track rows. As-of reads
-- before the latest decision still sum the track rows.
CREATE TABLE dbo.source_totals (
    source_id      nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    claims         int NOT NULL,
    supports_right int NOT NULL,
    supports_wrong int NOT NULL,
    refutes_right  int NOT NULL,
    refutes_wrong  int NOT NULL,
    reports_true   int NOT NULL,
    reports_false  int NOT NULL,
    CONSTRAINT pk_source_totals PRIMARY KEY CLUSTERED (source_id)
);

INSERT INTO dbo.source_totals (source_id, claims, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false)
SELECT t.source_id, COUNT(*), SUM(t.supports_right), SUM(t.supports_wrong), SUM(t.refutes_right), SUM(t.refutes_wrong),
       SUM(t.reports_true), SUM(t.reports_false)
FROM dbo.source_track AS t
GROUP BY t.source_id;
GO

-- A replica of the previous version rescores without keeping reports: it deletes a claim's outbox row and writes
-- no report, which would leave a report behind its write. Whoever deletes an outbox row therefore deletes the
-- claim's report with it (this version writes the new one next, in the same transaction); after an older
-- replica's rescoring the claim's reads score the evidence until it is rescored again. The row counts callers see
-- are the outer statement's only.
CREATE TRIGGER dbo.tr_rescore_pending_deleted ON dbo.rescore_pending AFTER DELETE AS
BEGIN
    SET NOCOUNT ON;
    DELETE FROM dbo.claim_assessments WHERE claim_id IN (SELECT d.claim_id FROM deleted AS d);
END
GO
