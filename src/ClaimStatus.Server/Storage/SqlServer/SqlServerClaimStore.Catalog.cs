using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage.SqlServer;

// Sources and claims: the things assertions refer to.
public sealed partial class SqlServerClaimStore
{
    // Update-then-insert under a key-range lock (no MERGE). updated_at and recorded_by move only when something
    // changed, so re-importing a scenario changes nothing and a source's recorder is whoever last changed it.
    private const string UpsertSourceSql = """
        UPDATE dbo.sources WITH (UPDLOCK, HOLDLOCK)
        SET name = @Name, kind = @Kind, grade = @Grade, groups_json = @GroupsJson,
            updated_at = TODATETIMEOFFSET(SYSUTCDATETIME(), 0), recorded_by = @RecordedBy
        WHERE id = @Id AND (name <> @Name OR kind <> @Kind OR grade <> @Grade OR groups_json <> @GroupsJson);

        INSERT INTO dbo.sources (id, name, kind, grade, groups_json, created_at, updated_at, recorded_by)
        SELECT @Id, @Name, @Kind, @Grade, @GroupsJson,
               TODATETIMEOFFSET(SYSUTCDATETIME(), 0), TODATETIMEOFFSET(SYSUTCDATETIME(), 0), @RecordedBy
        WHERE NOT EXISTS (SELECT 1 FROM dbo.sources WITH (UPDLOCK, HOLDLOCK) WHERE id = @Id);

        SELECT id, name, kind, grade, groups_json, created_at, updated_at, recorded_by FROM dbo.sources WHERE id = @Id;
        """;

    public Task<SourceRecord> UpsertSourceAsync(
        string id, string name, SourceKind kind, Grade grade, IReadOnlyList<string> groups, string recordedBy, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var before = (await QuerySingleOrDefaultAsync<SourceRow>(c, SelectSourceSql, new { Id = id }, tx, ct))?.ToRecord();
            var row = (await QuerySingleOrDefaultAsync<SourceRow>(c, UpsertSourceSql, new
            {
                Id = id, Name = name, Kind = kind.ToString(), Grade = grade.ToString(), GroupsJson = StoreRules.ToJson(groups),
                RecordedBy = recordedBy,
            }, tx, ct))!.ToRecord();
            if (before is not null && StoreRules.MovesStatuses(before, row)) await EnqueueSourceClaimsAsync(c, tx, id, ct);
            return row;
        }, ct);

    private const string SelectSourceSql = """
        SELECT id, name, kind, grade, groups_json, created_at, updated_at, recorded_by FROM dbo.sources WHERE id = @Id;
        """;

    public async Task<SourceRecord?> GetSourceAsync(string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await QuerySingleOrDefaultAsync<SourceRow>(c, SelectSourceSql, new { Id = id }, null, ct))?.ToRecord();
    }

    private const string ListSourcesSql = """
        SELECT TOP (@Limit) id, name, kind, grade, groups_json, created_at, updated_at, recorded_by
        FROM dbo.sources
        WHERE @AfterId IS NULL OR id > @AfterId
        ORDER BY id;
        """;

    public async Task<IReadOnlyList<SourceRecord>> ListSourcesAsync(string? afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<SourceRow>(c, ListSourcesSql, new { AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    private const string InsertClaimSql = """
        INSERT INTO dbo.claims (id, text, topics_json, parties_json, harmed_parties_json, created_at, recorded_by)
        SELECT @Id, @Text, @TopicsJson, @PartiesJson, @HarmedPartiesJson, TODATETIMEOFFSET(SYSUTCDATETIME(), 0), @RecordedBy
        WHERE NOT EXISTS (SELECT 1 FROM dbo.claims WITH (UPDLOCK, HOLDLOCK) WHERE id = @Id);
        """;

    private const string InsertClaimTopicSql = "INSERT INTO dbo.claim_topics (topic, claim_id) VALUES (@Topic, @ClaimId);";

    private const string SelectClaimSql = """
        SELECT id, text, topics_json, parties_json, harmed_parties_json, created_at, status, recorded_by
        FROM dbo.claims WHERE id = @Id;
        """;

    public Task<(ClaimRecord Claim, bool Created)> CreateClaimAsync(NewClaim claim, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var created = await ExecuteAsync(c, InsertClaimSql, new
            {
                claim.Id, claim.Text, TopicsJson = StoreRules.ToJson(claim.Topics), PartiesJson = StoreRules.ToJson(claim.Parties),
                HarmedPartiesJson = StoreRules.ToJson(claim.HarmedParties), claim.RecordedBy,
            }, tx, ct) == 1;
            if (created)
            {
                var rows = claim.Topics.Distinct(StringComparer.Ordinal).Select(t => new { Topic = t, ClaimId = claim.Id });
                await ExecuteAsync(c, InsertClaimTopicSql, rows, tx, ct);
                await EnqueueAsync(c, tx, [claim.Id], RescoreCauses.Created, ct);
            }
            var row = await QuerySingleOrDefaultAsync<ClaimRow>(c, SelectClaimSql, new { claim.Id }, tx, ct);
            return (row!.ToRecord(), created);
        }, ct);

    public async Task<ClaimRecord?> GetClaimAsync(string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await QuerySingleOrDefaultAsync<ClaimRow>(c, SelectClaimSql, new { Id = id }, null, ct))?.ToRecord();
    }

    // Optional filters: RECOMPILE lets each call get the plan for the filters it actually uses.
    private const string ListClaimsSql = """
        SELECT TOP (@Limit) c.id, c.text, c.topics_json, c.parties_json, c.harmed_parties_json, c.created_at, c.status,
               c.recorded_by
        FROM dbo.claims AS c
        WHERE (@AfterId IS NULL OR c.id > @AfterId)
          AND (@Status IS NULL OR c.status = @Status)
          AND (@Topic IS NULL OR EXISTS (SELECT 1 FROM dbo.claim_topics AS t WHERE t.topic = @Topic AND t.claim_id = c.id))
        ORDER BY c.id
        OPTION (RECOMPILE);
        """;

    /// <param name="status">Matches the stored status exactly; claims never scored have none.</param>
    public async Task<IReadOnlyList<ClaimRecord>> ListClaimsAsync(
        string? afterId, int limit, Verdict? status, string? topic, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<ClaimRow>(c, ListClaimsSql,
            new { AfterId = afterId, Limit = limit, Status = status?.ToString(), Topic = topic }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    private const string ClaimIdsWithTopicSql = """
        SELECT claim_id FROM dbo.claim_topics WHERE topic = @Topic ORDER BY claim_id;
        """;

    public async Task<IReadOnlyList<string>> ClaimIdsWithTopicAsync(string topic, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await QueryAsync<string>(c, ClaimIdsWithTopicSql, new { Topic = topic }, null, ct);
    }
}
