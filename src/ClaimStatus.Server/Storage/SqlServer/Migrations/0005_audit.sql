-- Audit: who recorded each source, claim, assertion and adjudication (the caller's principal name, 'anonymous'
-- when the service runs without auth). Rows stored before were written by callers nobody authenticated.
ALTER TABLE dbo.sources ADD recorded_by nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL
    CONSTRAINT df_sources_recorded_by DEFAULT N'anonymous';
ALTER TABLE dbo.claims ADD recorded_by nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL
    CONSTRAINT df_claims_recorded_by DEFAULT N'anonymous';
ALTER TABLE dbo.assertions ADD recorded_by nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL
    CONSTRAINT df_assertions_recorded_by DEFAULT N'anonymous';
ALTER TABLE dbo.adjudications ADD recorded_by nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL
    CONSTRAINT df_adjudications_recorded_by DEFAULT N'anonymous';
-- Why the adjudication was decided, when the adjudicator says.
ALTER TABLE dbo.adjudications ADD rationale nvarchar(4000) COLLATE Latin1_General_100_BIN2 NULL;

-- Batches carry their writer too. Only the store's statements use the table types, so they are dropped and
-- created again with the new column rather than versioned.
DROP TYPE dbo.claim_batch;

CREATE TYPE dbo.claim_batch AS TABLE (
    id                  nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    text                nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    topics_json         nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    parties_json        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    harmed_parties_json nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    recorded_by         nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL
);

DROP TYPE dbo.assertion_batch;

CREATE TYPE dbo.assertion_batch AS TABLE (
    ord          int NOT NULL PRIMARY KEY,
    claim_id     nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    source_id    nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    stance       nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    hedge        nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    evidence     nvarchar(40)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    observed_at  datetime2(7) NOT NULL, -- UTC: a datetimeoffset column in a table-valued parameter does not reach Babelfish
    reported_via nvarchar(200)  COLLATE Latin1_General_100_BIN2 NULL,
    note         nvarchar(4000) COLLATE Latin1_General_100_BIN2 NULL,
    idem_key     nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    recorded_by  nvarchar(400)  COLLATE Latin1_General_100_BIN2 NOT NULL
);
GO
