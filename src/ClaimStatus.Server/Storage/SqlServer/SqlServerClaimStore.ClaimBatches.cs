using Dapper;

namespace ClaimStatus.Server.Storage.SqlServer;

// Many claims in one write: three set-based statements over JSON rows (OPENJSON), whatever the batch size.
public sealed partial class SqlServerClaimStore
{
    // HOLDLOCK keeps every probed id locked, stored or not, until commit: no other replica can create one of
    // these claims between this check and the insert. FORCESEEK keeps the locks on those keys only.
    private const string StoredOfClaimBatchSql = """
        SELECT c.id, c.text, c.topics_json, c.parties_json, c.harmed_parties_json, c.created_at, c.status, c.recorded_by
        FROM OPENJSON(@Claims) WITH (id nvarchar(200)) AS b
        INNER LOOP JOIN dbo.claims AS c WITH (UPDLOCK, HOLDLOCK, FORCESEEK) ON c.id = b.id;
        """;

    private const string InsertClaimBatchSql = """
        INSERT INTO dbo.claims (id, text, topics_json, parties_json, harmed_parties_json, created_at, recorded_by)
        OUTPUT inserted.id, inserted.text, inserted.topics_json, inserted.parties_json, inserted.harmed_parties_json,
               inserted.created_at, inserted.status, inserted.recorded_by
        SELECT b.id, b.text, b.topics_json, b.parties_json, b.harmed_parties_json, TODATETIMEOFFSET(SYSUTCDATETIME(), 0),
               b.recorded_by
        FROM OPENJSON(@Claims) WITH (id nvarchar(200), text nvarchar(max), topics_json nvarchar(max) '$.topics' AS JSON,
                                     parties_json nvarchar(max) '$.parties' AS JSON,
                                     harmed_parties_json nvarchar(max) '$.harmed_parties' AS JSON, recorded_by nvarchar(400)) AS b
        WHERE NOT EXISTS (SELECT 1 FROM dbo.claims AS c WITH (UPDLOCK, HOLDLOCK, FORCESEEK) WHERE c.id = b.id);
        """;

    private const string InsertClaimTopicBatchSql = """
        INSERT INTO dbo.claim_topics (topic, claim_id)
        SELECT t.topic, t.claim_id FROM OPENJSON(@Topics) WITH (claim_id nvarchar(200), topic nvarchar(200)) AS t;
        """;

    public Task<IReadOnlyList<(ClaimRecord Claim, bool Created)>> CreateClaimsAsync(IReadOnlyList<NewClaim> claims, CancellationToken ct)
    {
        if (claims.Count == 0) return Task.FromResult<IReadOnlyList<(ClaimRecord, bool)>>([]);
        var first = StoreRules.FirstOccurrences(claims);
        var rows = ClaimBatchRows(claims, first);
        return WriteAsync<IReadOnlyList<(ClaimRecord, bool)>>(async (c, tx) =>
        {
            var stored = (await QueryAsync<ClaimRow>(c, StoredOfClaimBatchSql, new { Claims = rows }, tx, ct))
                .ToDictionary(r => r.Id, r => r.ToRecord(), StringComparer.Ordinal);
            for (var i = 0; i < claims.Count; i++)
            {
                if (first[i] == i && stored.TryGetValue(claims[i].Id, out var existing) && !StoreRules.SameContent(claims[i], existing))
                    throw StoreRules.ClaimConflict(i, claims[i].Id);
            }

            var inserted = (await QueryAsync<ClaimRow>(c, InsertClaimBatchSql, new { Claims = rows }, tx, ct))
                .ToDictionary(r => r.Id, r => r.ToRecord(), StringComparer.Ordinal);
            if (inserted.Count != claims.Where((claim, i) => first[i] == i && !stored.ContainsKey(claim.Id)).Count())
                throw new LostRaceException();
            if (inserted.Count > 0)
                await ExecuteAsync(c, InsertClaimTopicBatchSql, new { Topics = TopicRows(inserted.Values) }, tx, ct);
            await EnqueueAsync(c, tx, inserted.Keys, RescoreCauses.Created, ct);

            return [.. claims.Select((claim, i) => inserted.TryGetValue(claim.Id, out var row)
                ? (row, first[i] == i)
                : (stored[claim.Id], false))];
        }, ct);
    }

    /// <summary>The first occurrence of each id as a JSON array that the statements read with OPENJSON.</summary>
    private static DbString ClaimBatchRows(IReadOnlyList<NewClaim> claims, int[] first) =>
        JsonRows(claims.Where((_, i) => first[i] == i).Select(claim => new ClaimBatchRow(
            Id: claim.Id,
            Text: claim.Text,
            Topics: claim.Topics,
            Parties: claim.Parties,
            HarmedParties: claim.HarmedParties,
            RecordedBy: claim.RecordedBy)));

    /// <summary>The topics of the claims just inserted, one JSON row per (claim, topic).</summary>
    private static DbString TopicRows(IEnumerable<ClaimRecord> claims) =>
        JsonRows(claims.SelectMany(claim => claim.Topics.Distinct(StringComparer.Ordinal).Select(topic => new ClaimTopicRow(claim.Id, topic))));

    // The lists travel as JSON arrays and are stored as the array's JSON text (OPENJSON ... AS JSON).
    private sealed record ClaimBatchRow(string Id, string Text, IReadOnlyList<string> Topics, IReadOnlyList<string> Parties,
        IReadOnlyList<string> HarmedParties, string RecordedBy);

    private sealed record ClaimTopicRow(string ClaimId, string Topic);
}
