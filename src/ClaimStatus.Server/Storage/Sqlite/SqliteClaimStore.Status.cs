using ClaimStatus.Scoring;
using ClaimStatus.Server.Telemetry;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// The status history: one row per change of a claim's computed status.
public sealed partial class SqliteClaimStore
{
    private const string TransitionColumns =
        "id, claim_id, from_status, to_status, transition_time, probability, uncertainty, policy_version, cause";

    private const string CurrentStatusesSql = "SELECT id, status FROM claims WHERE id IN (SELECT value FROM json_each(@Ids));";

    private const string InsertTransitionSql = """
        INSERT INTO status_transitions (claim_id, from_status, to_status, transition_time, probability, uncertainty, policy_version, cause)
        VALUES (@ClaimId, @FromStatus, @ToStatus, @TransitionTime, @Probability, @Uncertainty, @PolicyVersion, @Cause)
        RETURNING id;
        """;

    private const string SetStatusSql = "UPDATE claims SET status = @Status WHERE id = @Id;";

    public async Task<StatusTransitionRecord?> RecordStatusAsync(ClaimAssessment assessment, string cause, DateTimeOffset at, CancellationToken ct) =>
        (await RecordStatusesAsync([assessment], cause, at, ct)).SingleOrDefault();

    // One write transaction for the whole batch: a commit per claim kept the single writer busy enough
    // to starve a streaming import. The single writer makes read-compare-write safe: no other write can
    // slip in between. Claims go in id order, as on SQL Server, where that order keeps replicas' row
    // locks from deadlocking.
    public Task<IReadOnlyList<StatusTransitionRecord>> RecordStatusesAsync(
        IReadOnlyList<ClaimAssessment> assessments, string cause, DateTimeOffset at, CancellationToken ct)
    {
        if (assessments.Count == 0) return Task.FromResult<IReadOnlyList<StatusTransitionRecord>>([]);
        return WriteAsync(
            (c, tx) => StoreStatusChangesAsync(c, tx, [.. assessments.Select(a => (a, cause))], at, ct), ct);
    }

    private static async Task<IReadOnlyList<StatusTransitionRecord>> StoreStatusChangesAsync(
        SqliteConnection c, SqliteTransaction tx, IReadOnlyList<(ClaimAssessment Assessment, string Cause)> items,
        DateTimeOffset at, CancellationToken ct)
    {
        if (items.Count == 0) return [];
        var current = (await QueryAsync<ClaimRow>(c, CurrentStatusesSql,
            new { Ids = Json(items.Select(x => x.Assessment.ClaimId).Distinct()) }, tx, ct)).ToDictionary(r => r.Id, r => r.Status);
        var changed = StoreRules.StatusChanges(items, current, ParseTime(Time(at)));
        if (changed.Count == 0) return [];
        var stored = await SqliteSpan.TraceAsync(InsertTransitionSql, changed, () => Task.FromResult(InsertTransitions(c, tx, changed, Time(at))));
        await SqliteSpan.TraceAsync(SetStatusSql, changed, () => Task.FromResult(SetStatuses(c, tx, changed)));
        return stored;
    }

    // A rescoring batch writes up to hundreds of claims while an import waits for the writer, so each
    // statement is prepared once and its parameters bound in place, not a Dapper command per claim.
    private static List<StatusTransitionRecord> InsertTransitions(
        SqliteConnection c, SqliteTransaction tx, List<StatusTransitionRecord> transitions, string at)
    {
        using var command = new SqliteCommand(InsertTransitionSql, c, tx);
        var p = command.Parameters;
        SqliteParameter claimId = p.Add("@ClaimId", SqliteType.Text), from = p.Add("@FromStatus", SqliteType.Text),
            to = p.Add("@ToStatus", SqliteType.Text), probability = p.Add("@Probability", SqliteType.Real),
            uncertainty = p.Add("@Uncertainty", SqliteType.Real), policy = p.Add("@PolicyVersion", SqliteType.Text),
            cause = p.Add("@Cause", SqliteType.Text);
        p.AddWithValue("@TransitionTime", at);
        command.Prepare();
        var stored = new List<StatusTransitionRecord>(transitions.Count);
        foreach (var t in transitions)
        {
            claimId.Value = t.ClaimId;
            from.Value = (object?)t.From?.ToString() ?? DBNull.Value;
            to.Value = t.To.ToString();
            probability.Value = t.Probability;
            uncertainty.Value = t.Uncertainty;
            policy.Value = t.PolicyVersion;
            cause.Value = t.Cause;
            stored.Add(t with { Id = (long)command.ExecuteScalar()! });
        }
        return stored;
    }

    private static int SetStatuses(SqliteConnection c, SqliteTransaction tx, List<StatusTransitionRecord> transitions)
    {
        using var command = new SqliteCommand(SetStatusSql, c, tx);
        SqliteParameter id = command.Parameters.Add("@Id", SqliteType.Text), status = command.Parameters.Add("@Status", SqliteType.Text);
        command.Prepare();
        foreach (var t in transitions)
        {
            id.Value = t.ClaimId;
            status.Value = t.To.ToString();
            command.ExecuteNonQuery();
        }
        return transitions.Count;
    }

    private const string ListTransitionsSql = $"""
        SELECT {TransitionColumns} FROM status_transitions
        WHERE claim_id = @ClaimId AND (@AfterId IS NULL OR id > @AfterId)
        ORDER BY id LIMIT @Limit;
        """;

    public async Task<IReadOnlyList<StatusTransitionRecord>> ListTransitionsAsync(string claimId, long? afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<TransitionRow>(c, ListTransitionsSql, new { ClaimId = claimId, AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    // Ids grow in commit order here (one writer), so a reader never skips a row committed late.
    private const string TransitionsAfterSql = $"""
        SELECT {TransitionColumns} FROM status_transitions WHERE id > @AfterId ORDER BY id LIMIT @Limit;
        """;

    public async Task<IReadOnlyList<StatusTransitionRecord>> TransitionsAfterAsync(long afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<TransitionRow>(c, TransitionsAfterSql, new { AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    private const string LatestTransitionIdSql = "SELECT COALESCE(MAX(id), 0) FROM status_transitions;";

    public async Task<long> LatestTransitionIdAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await ExecuteScalarAsync<long>(c, LatestTransitionIdSql, null, null, ct);
    }
}
