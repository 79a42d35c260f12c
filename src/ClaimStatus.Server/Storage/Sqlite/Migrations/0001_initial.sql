-- ClaimStatus schema for SQLite.
-- Times are UTC text 'yyyy-MM-ddTHH:mm:ss.fffffffZ' (fixed width, so text order is time order).
-- Enums are stored by name. The evidence log (assertions) is append-only.

CREATE TABLE sources (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    grade       TEXT NOT NULL,
    groups_json TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Claims never change after creation except for their current status, so topics and parties are
-- kept as JSON for reading; claim_topics exists only to index the topic filter.
CREATE TABLE claims (
    id           TEXT NOT NULL PRIMARY KEY,
    text         TEXT NOT NULL,
    topics_json  TEXT NOT NULL,
    parties_json TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    status       TEXT NULL
) WITHOUT ROWID;

CREATE INDEX ix_claims_status ON claims (status, id);

CREATE TABLE claim_topics (
    topic    TEXT NOT NULL,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    PRIMARY KEY (topic, claim_id)
) WITHOUT ROWID;

CREATE TABLE assertions (
    id           INTEGER PRIMARY KEY,
    claim_id     TEXT NOT NULL REFERENCES claims (id),
    source_id    TEXT NOT NULL REFERENCES sources (id),
    stance       TEXT NOT NULL,
    hedge        TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    observed_at  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    reported_via TEXT NULL REFERENCES sources (id),
    note         TEXT NULL,
    idem_key     TEXT NOT NULL,
    CONSTRAINT ux_assertions_claim_key UNIQUE (claim_id, idem_key)
);

CREATE INDEX ix_assertions_claim_observed ON assertions (claim_id, observed_at);
CREATE INDEX ix_assertions_source_claim ON assertions (source_id, claim_id);

CREATE TABLE adjudications (
    id          INTEGER PRIMARY KEY,
    claim_id    TEXT NOT NULL UNIQUE REFERENCES claims (id),
    truth       TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    note        TEXT NULL,
    recorded_at TEXT NOT NULL
);

-- One row per (adjudicated claim, source that took a stance on it): what the adjudication taught
-- about the source. Derived from assertions + adjudications by ReliabilityLearner.Credit.
CREATE TABLE source_track (
    claim_id       TEXT NOT NULL REFERENCES claims (id),
    source_id      TEXT NOT NULL REFERENCES sources (id),
    supports_right INTEGER NOT NULL,
    supports_wrong INTEGER NOT NULL,
    refutes_right  INTEGER NOT NULL,
    refutes_wrong  INTEGER NOT NULL,
    reports_true   INTEGER NOT NULL,
    reports_false  INTEGER NOT NULL,
    decided_at     TEXT NOT NULL,
    PRIMARY KEY (claim_id, source_id)
) WITHOUT ROWID;

CREATE INDEX ix_source_track_source_decided ON source_track (source_id, decided_at);

CREATE TABLE status_transitions (
    id              INTEGER PRIMARY KEY,
    claim_id        TEXT NOT NULL REFERENCES claims (id),
    from_status     TEXT NULL,
    to_status       TEXT NOT NULL,
    transition_time TEXT NOT NULL,
    probability     REAL NOT NULL,
    uncertainty     REAL NOT NULL,
    policy_version  TEXT NOT NULL,
    cause           TEXT NOT NULL
);

CREATE INDEX ix_status_transitions_claim ON status_transitions (claim_id, id);
