using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage.Sqlite;

// Sources and claims: the things assertions refer to.
public sealed partial class SqliteClaimStore
{
    private const string SourceColumns = "id, name, kind, grade, groups_json, created_at, updated_at, recorded_by";

    // updated_at and recorded_by move only when something changed, so re-importing a scenario changes nothing
    // and a source's recorder is whoever last changed it.
    private const string UpsertSourceSql = """
        INSERT INTO sources (id, name, kind, grade, groups_json, created_at, updated_at, recorded_by)
        VALUES (@Id, @Name, @Kind, @Grade, @GroupsJson, @Now, @Now, @RecordedBy)
        ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, kind = excluded.kind, grade = excluded.grade,
            groups_json = excluded.groups_json, updated_at = excluded.updated_at, recorded_by = excluded.recorded_by
        WHERE sources.name <> excluded.name OR sources.kind <> excluded.kind
           OR sources.grade <> excluded.grade OR sources.groups_json <> excluded.groups_json;
        """;

    private const string SelectSourceSql = $"SELECT {SourceColumns} FROM sources WHERE id = @Id;";

    public Task<SourceRecord> UpsertSourceAsync(
        string id, string name, SourceKind kind, Grade grade, IReadOnlyList<string> groups, string recordedBy, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var before = (await QuerySingleOrDefaultAsync<SourceRow>(c, SelectSourceSql, new { Id = id }, tx, ct))?.ToRecord();
            await ExecuteAsync(c, UpsertSourceSql, new
            {
                Id = id, Name = name, Kind = kind.ToString(), Grade = grade.ToString(),
                GroupsJson = StoreRules.ToJson(groups), Now = Time(DateTimeOffset.UtcNow), RecordedBy = recordedBy,
            }, tx, ct);
            var row = (await QuerySingleOrDefaultAsync<SourceRow>(c, SelectSourceSql, new { Id = id }, tx, ct))!.ToRecord();
            if (before is not null && StoreRules.MovesStatuses(before, row)) await EnqueueSourceClaimsAsync(c, tx, id, ct);
            return row;
        }, ct);

    public async Task<SourceRecord?> GetSourceAsync(string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await QuerySingleOrDefaultAsync<SourceRow>(c, SelectSourceSql, new { Id = id }, null, ct))?.ToRecord();
    }

    private const string ListSourcesSql = $"""
        SELECT {SourceColumns} FROM sources
        WHERE @AfterId IS NULL OR id > @AfterId
        ORDER BY id LIMIT @Limit;
        """;

    public async Task<IReadOnlyList<SourceRecord>> ListSourcesAsync(string? afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<SourceRow>(c, ListSourcesSql, new { AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    private const string ClaimColumns = "id, text, topics_json, parties_json, harmed_parties_json, created_at, status, recorded_by";

    private const string InsertClaimSql = """
        INSERT INTO claims (id, text, topics_json, parties_json, harmed_parties_json, created_at, recorded_by)
        VALUES (@Id, @Text, @TopicsJson, @PartiesJson, @HarmedPartiesJson, @Now, @RecordedBy)
        ON CONFLICT (id) DO NOTHING;
        """;

    private const string InsertClaimTopicSql = """
        INSERT INTO claim_topics (topic, claim_id) VALUES (@Topic, @ClaimId) ON CONFLICT DO NOTHING;
        """;

    private const string SelectClaimSql = $"SELECT {ClaimColumns} FROM claims WHERE id = @Id;";

    public Task<(ClaimRecord Claim, bool Created)> CreateClaimAsync(NewClaim claim, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var created = await ExecuteAsync(c, InsertClaimSql, ClaimParameters(claim, Time(DateTimeOffset.UtcNow)), tx, ct) == 1;
            if (created)
            {
                await ExecuteAsync(c, InsertClaimTopicSql, claim.Topics.Select(t => new { Topic = t, ClaimId = claim.Id }), tx, ct);
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

    // No "@X IS NULL OR ..." around the id and the status: SQLite cannot then seek an index and scans every claim. The
    // page starts after @AfterId ('' before every id, which are never empty); a status seeks ix_claims_status (status, id).
    internal const string ListClaimsSql = $"""
        SELECT {ClaimColumns} FROM claims AS c
        WHERE c.id > @AfterId
          AND (@Topic IS NULL OR c.id IN (SELECT t.claim_id FROM claim_topics AS t WHERE t.topic = @Topic))
        ORDER BY c.id LIMIT @Limit;
        """;

    internal const string ListClaimsByStatusSql = $"""
        SELECT {ClaimColumns} FROM claims AS c
        WHERE c.status = @Status AND c.id > @AfterId
          AND (@Topic IS NULL OR c.id IN (SELECT t.claim_id FROM claim_topics AS t WHERE t.topic = @Topic))
        ORDER BY c.id LIMIT @Limit;
        """;

    /// <param name="status">Matches the stored status exactly; claims never scored have none.</param>
    public async Task<IReadOnlyList<ClaimRecord>> ListClaimsAsync(
        string? afterId, int limit, Verdict? status, string? topic, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<ClaimRow>(c, status is null ? ListClaimsSql : ListClaimsByStatusSql,
            new { AfterId = afterId ?? "", Limit = limit, Status = status?.ToString(), Topic = topic }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    private const string ClaimIdsWithTopicSql = "SELECT claim_id FROM claim_topics WHERE topic = @Topic ORDER BY claim_id;";

    public async Task<IReadOnlyList<string>> ClaimIdsWithTopicAsync(string topic, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await QueryAsync<string>(c, ClaimIdsWithTopicSql, new { Topic = topic }, null, ct);
    }
}
