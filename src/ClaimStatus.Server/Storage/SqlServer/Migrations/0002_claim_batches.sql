-- BatchCreateClaims: a batch of claims and the topics of the new ones, each as one table-valued parameter.
CREATE TYPE dbo.claim_batch AS TABLE (
    id           nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    text         nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    topics_json  nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    parties_json nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL
);

CREATE TYPE dbo.claim_topic_list AS TABLE (
    claim_id nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    topic    nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (claim_id, topic)
);
GO
