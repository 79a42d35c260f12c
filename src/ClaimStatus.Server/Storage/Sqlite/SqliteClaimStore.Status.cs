using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage.Sqlite;

// The status history: one row per change of a claim's computed status.
public sealed partial class SqliteClaimStore
{
    private const string TransitionColumns =
        "id, claim_id, from_status, to_status, transition_time, probability, uncertainty, policy_version, cause";

    private const string CurrentStatusSql = "SELECT id, status FROM claims WHERE id = @Id;";

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
        return WriteAsync<IReadOnlyList<StatusTransitionRecord>>(async (c, tx) =>
        {
            var stored = new List<StatusTransitionRecord>();
            foreach (var assessment in assessments.OrderBy(a => a.ClaimId, StringComparer.Ordinal))
            {
                var claim = await QuerySingleOrDefaultAsync<ClaimRow>(c, CurrentStatusSql, new { Id = assessment.ClaimId }, tx, ct)
                    ?? throw new MissingReferenceException("claim_id", assessment.ClaimId);
                Verdict? from = claim.Status is null ? null : Enum.Parse<Verdict>(claim.Status);
                if (from == assessment.Verdict) continue;

                var transition = new StatusTransitionRecord(0, assessment.ClaimId, from, assessment.Verdict,
                    ParseTime(Time(at)), assessment.Probability, assessment.Uncertainty, assessment.PolicyVersion, cause);
                var id = await ExecuteScalarAsync<long>(c, InsertTransitionSql, new
                {
                    transition.ClaimId, FromStatus = from?.ToString(), ToStatus = transition.To.ToString(),
                    TransitionTime = Time(at), transition.Probability, transition.Uncertainty, transition.PolicyVersion, transition.Cause,
                }, tx, ct);
                await ExecuteAsync(c, SetStatusSql, new { Id = assessment.ClaimId, Status = transition.To.ToString() }, tx, ct);
                stored.Add(transition with { Id = id });
            }
            return stored;
        }, ct);
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
