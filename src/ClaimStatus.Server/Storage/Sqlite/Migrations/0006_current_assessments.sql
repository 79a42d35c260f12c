-- Each claim's current assessment, kept by the rescoring so that a status read as of now is one indexed read.
-- summary is the BASIC StatusReport (protobuf), detail the fields only FULL adds (decision, every contribution);
-- protobuf concatenation merges them into the FULL report (detail is null for claims of more than 1,000
-- contributions, whose FULL reads score the evidence). A row answers a read only while the claim has no
-- rescore_pending row, its policy_version is the server's, and the read's time lies in [computed_at, valid_until):
-- valid_until is the earliest stored evidence time after computed_at (a future-dated assertion or adjudication),
-- when the same evidence starts to score differently; null when there is none.
-- Numbered as the SQL Server migration that makes the same change.
CREATE TABLE claim_assessments (
    claim_id       TEXT NOT NULL PRIMARY KEY REFERENCES claims (id),
    policy_version TEXT NOT NULL,
    computed_at    TEXT NOT NULL,
    valid_until    TEXT NULL,
    summary        BLOB NOT NULL,
    detail         BLOB NULL
) WITHOUT ROWID;

-- The worker finds the rows that time or a new policy made stale.
CREATE INDEX ix_claim_assessments_valid_until ON claim_assessments (valid_until) WHERE valid_until IS NOT NULL;
CREATE INDEX ix_claim_assessments_policy ON claim_assessments (policy_version);

-- valid_until looks for the earliest adjudication decided after a time.
CREATE INDEX ix_adjudications_decided ON adjudications (decided_at);

-- Every claim stored before this migration gets its assessment from the worker; until then its reads compute.
-- Version 1 lies far below the tick-based versions a running rescoring can hold.
INSERT INTO rescore_pending (claim_id, version, cause, enqueued_at)
SELECT c.id, 1, 'repair', strftime('%Y-%m-%dT%H:%M:%S.0000000Z', 'now')
FROM claims AS c
WHERE NOT EXISTS (SELECT 1 FROM rescore_pending AS p WHERE p.claim_id = c.id);

-- Each source's learned record summed over every adjudication (source_track), kept by the adjudications in their
-- transaction, so scoring as of now reads one row per source instead of summing its track rows. As-of reads before
-- the latest decision still sum the track rows.
CREATE TABLE source_totals (
    source_id      TEXT    NOT NULL PRIMARY KEY REFERENCES sources (id),
    claims         INTEGER NOT NULL,
    supports_right INTEGER NOT NULL,
    supports_wrong INTEGER NOT NULL,
    refutes_right  INTEGER NOT NULL,
    refutes_wrong  INTEGER NOT NULL,
    reports_true   INTEGER NOT NULL,
    reports_false  INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO source_totals (source_id, claims, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false)
SELECT source_id, COUNT(*), SUM(supports_right), SUM(supports_wrong), SUM(refutes_right), SUM(refutes_wrong), SUM(reports_true), SUM(reports_false)
FROM source_track GROUP BY source_id;

-- Whoever deletes an outbox row deletes the claim's report with it (this version writes the new one next, in the
-- same transaction), so a process of the previous version rescoring this file, which keeps no reports, cannot leave
-- a report behind its write. SQLite's row counts leave out what a trigger changes.
CREATE TRIGGER tr_rescore_pending_deleted AFTER DELETE ON rescore_pending
BEGIN
    DELETE FROM claim_assessments WHERE claim_id = old.claim_id;
END;
