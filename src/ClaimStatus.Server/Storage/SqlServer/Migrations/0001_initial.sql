-- ClaimStatus schema for SQL Server 2019+.
-- Ids, keys and text compare case-sensitively (binary collation), as in the SQLite store; unlike SQLite,
-- = ignores trailing spaces (ANSI padding), which is why the API refuses ids with surrounding spaces.
-- Times are datetimeoffset(7) in UTC. Enums are stored by name. The evidence log (assertions) is
-- append-only. The database is meant to run with READ_COMMITTED_SNAPSHOT ON.

CREATE TABLE dbo.sources (
    id          nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    name        nvarchar(1000) COLLATE Latin1_General_100_BIN2 NOT NULL,
    kind        nvarchar(40)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    grade       nvarchar(1)    COLLATE Latin1_General_100_BIN2 NOT NULL,
    groups_json nvarchar(max)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at  datetimeoffset(7) NOT NULL,
    updated_at  datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_sources PRIMARY KEY CLUSTERED (id)
);

-- Claims never change after creation except for their current status, so topics and parties are
-- kept as JSON for reading; claim_topics exists only to index the topic filter.
CREATE TABLE dbo.claims (
    id           nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    text         nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    topics_json  nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    parties_json nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at   datetimeoffset(7) NOT NULL,
    status       nvarchar(20)  COLLATE Latin1_General_100_BIN2 NULL,
    CONSTRAINT pk_claims PRIMARY KEY CLUSTERED (id)
);

CREATE INDEX ix_claims_status ON dbo.claims (status, id);

CREATE TABLE dbo.claim_topics (
    topic    nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    claim_id nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT pk_claim_topics PRIMARY KEY CLUSTERED (topic, claim_id)
);

CREATE TABLE dbo.assertions (
    id           bigint IDENTITY(1, 1) NOT NULL,
    claim_id     nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    source_id    nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    stance       nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    hedge        nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    evidence     nvarchar(40)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    observed_at  datetimeoffset(7) NOT NULL,
    recorded_at  datetimeoffset(7) NOT NULL,
    reported_via nvarchar(200)  COLLATE Latin1_General_100_BIN2 NULL,
    note         nvarchar(4000) COLLATE Latin1_General_100_BIN2 NULL,
    idem_key     nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT pk_assertions PRIMARY KEY CLUSTERED (id)
);

-- Idempotency: a key is unique per claim, whatever replica writes it.
CREATE UNIQUE INDEX ux_assertions_claim_key ON dbo.assertions (claim_id, idem_key);
-- Evidence as of a time, covering so scoring reads never touch the clustered rows.
CREATE INDEX ix_assertions_claim_observed ON dbo.assertions (claim_id, observed_at)
    INCLUDE (source_id, stance, hedge, evidence, reported_via);
-- Claims sharing a source.
CREATE INDEX ix_assertions_source_claim ON dbo.assertions (source_id, claim_id);

CREATE TABLE dbo.adjudications (
    id          bigint IDENTITY(1, 1) NOT NULL,
    claim_id    nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    truth       nvarchar(10)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    decided_at  datetimeoffset(7) NOT NULL,
    note        nvarchar(4000) COLLATE Latin1_General_100_BIN2 NULL,
    recorded_at datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_adjudications PRIMARY KEY CLUSTERED (id),
    CONSTRAINT ux_adjudications_claim UNIQUE (claim_id)
);

-- One row per (adjudicated claim, source that took a stance on it): what the adjudication taught
-- about the source. Derived from assertions + adjudications by ReliabilityLearner.Credit.
CREATE TABLE dbo.source_track (
    claim_id       nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    source_id      nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    supports_right int NOT NULL,
    supports_wrong int NOT NULL,
    refutes_right  int NOT NULL,
    refutes_wrong  int NOT NULL,
    reports_true   int NOT NULL,
    reports_false  int NOT NULL,
    decided_at     datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_source_track PRIMARY KEY CLUSTERED (claim_id, source_id)
);

CREATE INDEX ix_source_track_source_decided ON dbo.source_track (source_id, decided_at)
    INCLUDE (claim_id, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false);

-- Watches on every replica read "transitions after id", so ids must become visible in order. Every writer of
-- this table holds the exclusive application lock 'claimstatus:status' from before its insert until its commit
-- (SqlServerClaimStore.Status.cs), so identities are handed out and committed one transaction at a time: a
-- reader that sees id N has seen every committed id below it. Transitions are never updated.
CREATE TABLE dbo.status_transitions (
    id              bigint IDENTITY(1, 1) NOT NULL,
    claim_id        nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    from_status     nvarchar(20)  COLLATE Latin1_General_100_BIN2 NULL,
    to_status       nvarchar(20)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    transition_time datetimeoffset(7) NOT NULL,
    probability     float NOT NULL,
    uncertainty     float NOT NULL,
    policy_version  nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    cause           nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT pk_status_transitions PRIMARY KEY CLUSTERED (id)
);

CREATE INDEX ix_status_transitions_claim ON dbo.status_transitions (claim_id, id);

-- Rows are never deleted and every write checks the rows it refers to in its own transaction, so these
-- constraints are a second line of defence, not the rule the store relies on. Babelfish, the TDS stand-in
-- the tests run on, cannot check a foreign key over a column with a non-default collation (every insert fails
-- "could not determine which collation to use"), so there they are left out.
IF SERVERPROPERTY('Babelfish') IS NULL
BEGIN
    ALTER TABLE dbo.claim_topics ADD CONSTRAINT fk_claim_topics_claim FOREIGN KEY (claim_id) REFERENCES dbo.claims (id);
    ALTER TABLE dbo.assertions ADD CONSTRAINT fk_assertions_claim FOREIGN KEY (claim_id) REFERENCES dbo.claims (id);
    ALTER TABLE dbo.assertions ADD CONSTRAINT fk_assertions_source FOREIGN KEY (source_id) REFERENCES dbo.sources (id);
    ALTER TABLE dbo.assertions ADD CONSTRAINT fk_assertions_relay FOREIGN KEY (reported_via) REFERENCES dbo.sources (id);
    ALTER TABLE dbo.adjudications ADD CONSTRAINT fk_adjudications_claim FOREIGN KEY (claim_id) REFERENCES dbo.claims (id);
    ALTER TABLE dbo.source_track ADD CONSTRAINT fk_source_track_claim FOREIGN KEY (claim_id) REFERENCES dbo.claims (id);
    ALTER TABLE dbo.source_track ADD CONSTRAINT fk_source_track_source FOREIGN KEY (source_id) REFERENCES dbo.sources (id);
    ALTER TABLE dbo.status_transitions ADD CONSTRAINT fk_status_transitions_claim FOREIGN KEY (claim_id) REFERENCES dbo.claims (id);
END;
GO

-- A batch of assertions travels as one table-valued parameter; ord is its position in the request.
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
    idem_key     nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL
);

-- A set of claim or source ids (lists can exceed the 2,100 parameters of one command).
CREATE TYPE dbo.id_list AS TABLE (
    id nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY
);
GO
