using System.Data;
using Dapper;

namespace ClaimStatus.Server.Storage.SqlServer;

// Many claims in one write: three set-based statements over table-valued parameters, whatever the batch size.
public sealed partial class SqlServerClaimStore
{
    // HOLDLOCK keeps every probed id locked, stored or not, until commit: no other replica can create one of
    // these claims between this check and the insert. FORCESEEK keeps the locks on those keys only.
    private const string StoredOfClaimBatchSql = """
        SELECT c.id, c.text, c.topics_json, c.parties_json, c.harmed_parties_json, c.created_at, c.status, c.recorded_by
        FROM @Claims AS b
        INNER LOOP JOIN dbo.claims AS c WITH (UPDLOCK, HOLDLOCK, FORCESEEK) ON c.id = b.id;
        """;

    private const string InsertClaimBatchSql = """
        INSERT INTO dbo.claims (id, text, topics_json, parties_json, harmed_parties_json, created_at, recorded_by)
        OUTPUT inserted.id, inserted.text, inserted.topics_json, inserted.parties_json, inserted.harmed_parties_json,
               inserted.created_at, inserted.status, inserted.recorded_by
        SELECT b.id, b.text, b.topics_json, b.parties_json, b.harmed_parties_json, TODATETIMEOFFSET(SYSUTCDATETIME(), 0),
               b.recorded_by
        FROM @Claims AS b
        WHERE NOT EXISTS (SELECT 1 FROM dbo.claims AS c WITH (UPDLOCK, HOLDLOCK, FORCESEEK) WHERE c.id = b.id);
        """;

    private const string InsertClaimTopicBatchSql = """
        INSERT INTO dbo.claim_topics (topic, claim_id)
        SELECT t.topic, t.claim_id FROM @Topics AS t;
        """;

    public Task<IReadOnlyList<(ClaimRecord Claim, bool Created)>> CreateClaimsAsync(IReadOnlyList<NewClaim> claims, CancellationToken ct)
    {
        if (claims.Count == 0) return Task.FromResult<IReadOnlyList<(ClaimRecord, bool)>>([]);
        var first = StoreRules.FirstOccurrences(claims);
        var table = ClaimBatchTable(claims, first);
        return WriteAsync<IReadOnlyList<(ClaimRecord, bool)>>(async (c, tx) =>
        {
            var stored = (await QueryAsync<ClaimRow>(c, StoredOfClaimBatchSql, new { Claims = table }, tx, ct))
                .ToDictionary(r => r.Id, r => r.ToRecord(), StringComparer.Ordinal);
            for (var i = 0; i < claims.Count; i++)
            {
                if (first[i] == i && stored.TryGetValue(claims[i].Id, out var existing) && !StoreRules.SameContent(claims[i], existing))
                    throw StoreRules.ClaimConflict(i, claims[i].Id);
            }

            var inserted = (await QueryAsync<ClaimRow>(c, InsertClaimBatchSql, new { Claims = table }, tx, ct))
                .ToDictionary(r => r.Id, r => r.ToRecord(), StringComparer.Ordinal);
            if (inserted.Count != claims.Where((claim, i) => first[i] == i && !stored.ContainsKey(claim.Id)).Count())
                throw new LostRaceException();
            if (inserted.Count > 0)
                await ExecuteAsync(c, InsertClaimTopicBatchSql, new { Topics = TopicTable(inserted.Values) }, tx, ct);
            await EnqueueAsync(c, tx, inserted.Keys, RescoreCauses.Created, ct);

            return [.. claims.Select((claim, i) => inserted.TryGetValue(claim.Id, out var row)
                ? (row, first[i] == i)
                : (stored[claim.Id], false))];
        }, ct);
    }

    /// <summary>The first occurrence of each id as a dbo.claim_batch table-valued parameter.</summary>
    private static SqlMapper.ICustomQueryParameter ClaimBatchTable(IReadOnlyList<NewClaim> claims, int[] first)
    {
        var table = new DataTable();
        Text(table, "id", 200);
        table.Columns.Add("text", typeof(string));
        table.Columns.Add("topics_json", typeof(string));
        table.Columns.Add("parties_json", typeof(string));
        table.Columns.Add("harmed_parties_json", typeof(string));
        Text(table, "recorded_by", 400);
        for (var i = 0; i < claims.Count; i++)
        {
            if (first[i] != i) continue;
            var claim = claims[i];
            table.Rows.Add(claim.Id, claim.Text, StoreRules.ToJson(claim.Topics), StoreRules.ToJson(claim.Parties),
                StoreRules.ToJson(claim.HarmedParties), claim.RecordedBy);
        }
        return table.AsTableValuedParameter("dbo.claim_batch");
    }

    /// <summary>The topics of the claims just inserted, as a dbo.claim_topic_list table-valued parameter.</summary>
    private static SqlMapper.ICustomQueryParameter TopicTable(IEnumerable<ClaimRecord> claims)
    {
        var table = new DataTable();
        Text(table, "claim_id", 200);
        Text(table, "topic", 200);
        foreach (var claim in claims)
        {
            foreach (var topic in claim.Topics.Distinct(StringComparer.Ordinal)) table.Rows.Add(claim.Id, topic);
        }
        return table.AsTableValuedParameter("dbo.claim_topic_list");
    }
}
