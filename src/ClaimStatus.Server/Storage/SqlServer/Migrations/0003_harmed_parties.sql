-- Admissions against interest: the parties a claim would harm if true (a subset of parties_json), as a JSON
-- array like parties_json. Claims stored before have none: every party's word stays discounted, as it was.
ALTER TABLE dbo.claims ADD harmed_parties_json nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL
    CONSTRAINT df_claims_harmed_parties_json DEFAULT N'[]';

-- BatchCreateClaims carries them too. Only the store's statements use the table type, so it is dropped and
-- created again with the new column rather than versioned.
DROP TYPE dbo.claim_batch;

CREATE TYPE dbo.claim_batch AS TABLE (
    id                  nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    text                nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    topics_json         nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    parties_json        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    harmed_parties_json nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL
);
GO
