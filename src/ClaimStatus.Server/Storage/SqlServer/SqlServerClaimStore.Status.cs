using ClaimStatus.Scoring;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

// The status history: one row per change of a claim's computed status.
public sealed partial class SqlServerClaimStore
{
    // Status writers take turns: the lock is held from before the current statuses are read until commit, so two
    // replicas scoring one claim never both store the same change, and transition ids commit in the order they
    // are handed out (see 0001_initial.sql), which is what lets watches read "after id" without gaps. It is an
    // application lock rather than row locks because it must also cover inserts of rows that do not exist yet.
    private const string LockStatusWritesSql = """
        DECLARE @result int;
        EXEC @result = sys.sp_getapplock @Resource = N'claimstatus:status', @LockMode = N'Exclusive',
            @LockOwner = N'Transaction', @LockTimeout = 20000;
        SELECT @result;
        """;

    private const string CurrentStatusesSql = """
        SELECT c.id, c.status FROM @Ids AS i INNER JOIN dbo.claims AS c ON c.id = i.id;
        """;

    private const string InsertTransitionSql = """
        INSERT INTO dbo.status_transitions (claim_id, from_status, to_status, transition_time, probability, uncertainty, policy_version, cause)
        VALUES (@ClaimId, @FromStatus, @ToStatus, @TransitionTime, @Probability, @Uncertainty, @PolicyVersion, @Cause);

        SELECT CAST(SCOPE_IDENTITY() AS bigint);

        UPDATE dbo.claims SET status = @ToStatus WHERE id = @ClaimId;
        """;

    public async Task<StatusTransitionRecord?> RecordStatusAsync(ClaimAssessment assessment, string cause, DateTimeOffset at, CancellationToken ct) =>
        (await RecordStatusesAsync([assessment], cause, at, ct)).SingleOrDefault();

    // One transaction for the batch, transitions in claim id order.
    public Task<IReadOnlyList<StatusTransitionRecord>> RecordStatusesAsync(
        IReadOnlyList<ClaimAssessment> assessments, string cause, DateTimeOffset at, CancellationToken ct)
    {
        if (assessments.Count == 0) return Task.FromResult<IReadOnlyList<StatusTransitionRecord>>([]);
        return WriteAsync(async (c, tx) =>
        {
            await LockStatusWritesAsync(c, tx, ct);
            return await StoreStatusChangesAsync(c, tx, [.. assessments.Select(a => (a, cause))], at, ct);
        }, ct);
    }

    private static async Task LockStatusWritesAsync(SqlConnection c, SqlTransaction tx, CancellationToken ct)
    {
        if (await ExecuteScalarAsync<int>(c, LockStatusWritesSql, null, tx, ct) < 0)
            throw new StoreFailureException(SqlServerErrors.LockWaitTimedOut);
    }

    /// <summary>Stores the changes among the items; the caller holds the status lock.</summary>
    private static async Task<IReadOnlyList<StatusTransitionRecord>> StoreStatusChangesAsync(
        SqlConnection c, SqlTransaction tx, IReadOnlyList<(ClaimAssessment Assessment, string Cause)> items,
        DateTimeOffset at, CancellationToken ct)
    {
        if (items.Count == 0) return [];
        var current = (await QueryAsync<ClaimRow>(c, CurrentStatusesSql, new { Ids = IdList(items.Select(x => x.Assessment.ClaimId)) }, tx, ct))
            .ToDictionary(r => r.Id, r => r.Status, StringComparer.Ordinal);
        var stored = new List<StatusTransitionRecord>();
        foreach (var transition in StoreRules.StatusChanges(items, current, StoreRules.Utc(at)))
        {
            var id = await ExecuteScalarAsync<long>(c, InsertTransitionSql, new
            {
                transition.ClaimId, FromStatus = transition.From?.ToString(), ToStatus = transition.To.ToString(), transition.TransitionTime,
                transition.Probability, transition.Uncertainty, transition.PolicyVersion, transition.Cause,
            }, tx, ct);
            stored.Add(transition with { Id = id });
        }
        return stored;
    }

    private const string ListTransitionsSql = """
        SELECT TOP (@Limit) t.id, t.claim_id, t.from_status, t.to_status, t.transition_time,
               t.probability, t.uncertainty, t.policy_version, t.cause
        FROM dbo.status_transitions AS t
        WHERE t.claim_id = @ClaimId AND (@AfterId IS NULL OR t.id > @AfterId)
        ORDER BY t.id;
        """;

    public async Task<IReadOnlyList<StatusTransitionRecord>> ListTransitionsAsync(string claimId, long? afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<TransitionRow>(c, ListTransitionsSql, new { ClaimId = claimId, AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    // Ids commit in order (the status lock above), so nothing can still appear below the highest id seen.
    private const string TransitionsAfterSql = """
        SELECT TOP (@Limit) t.id, t.claim_id, t.from_status, t.to_status, t.transition_time,
               t.probability, t.uncertainty, t.policy_version, t.cause
        FROM dbo.status_transitions AS t
        WHERE t.id > @AfterId
        ORDER BY t.id;
        """;

    public async Task<IReadOnlyList<StatusTransitionRecord>> TransitionsAfterAsync(long afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<TransitionRow>(c, TransitionsAfterSql, new { AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    private const string LatestTransitionIdSql = "SELECT ISNULL(MAX(t.id), 0) FROM dbo.status_transitions AS t;";

    public async Task<long> LatestTransitionIdAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await ExecuteScalarAsync<long>(c, LatestTransitionIdSql, null, null, ct);
    }
}
