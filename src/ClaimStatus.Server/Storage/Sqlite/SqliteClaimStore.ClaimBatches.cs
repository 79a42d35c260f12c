using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// Many claims in one write: one transaction behind the writer gate instead of one per claim.
public sealed partial class SqliteClaimStore
{
    // The ids travel as one JSON array, so the statement text stays the same whatever the batch size.
    private const string SelectClaimsByIdsSql = $"""
        SELECT {ClaimColumns} FROM claims WHERE id IN (SELECT value FROM json_each(@IdsJson));
        """;

    public Task<IReadOnlyList<(ClaimRecord Claim, bool Created)>> CreateClaimsAsync(IReadOnlyList<NewClaim> claims, CancellationToken ct)
    {
        if (claims.Count == 0) return Task.FromResult<IReadOnlyList<(ClaimRecord, bool)>>([]);
        var first = StoreRules.FirstOccurrences(claims);
        var idsJson = StoreRules.ToJson([.. claims.Where((_, i) => first[i] == i).Select(c => c.Id)]);
        return WriteAsync<IReadOnlyList<(ClaimRecord, bool)>>(async (c, tx) =>
        {
            var stored = await ClaimsByIdAsync(c, tx, idsJson, ct);
            for (var i = 0; i < claims.Count; i++)
            {
                if (first[i] == i && stored.TryGetValue(claims[i].Id, out var existing) && !StoreRules.SameContent(claims[i], existing))
                    throw StoreRules.ClaimConflict(i, claims[i].Id);
            }

            var fresh = claims.Where((claim, i) => first[i] == i && !stored.ContainsKey(claim.Id)).ToList();
            var now = Time(DateTimeOffset.UtcNow);
            // The per-claim statements, each run over the whole list on one prepared command.
            await ExecuteAsync(c, InsertClaimSql, fresh.Select(claim => ClaimParameters(claim, now)).ToList(), tx, ct);
            await ExecuteAsync(c, InsertClaimTopicSql,
                fresh.SelectMany(claim => claim.Topics.Select(t => new { Topic = t, ClaimId = claim.Id })).ToList(), tx, ct);

            var created = fresh.Select(claim => claim.Id).ToHashSet(StringComparer.Ordinal);
            await EnqueueAsync(c, tx, created, RescoreCauses.Created, ct);
            var rows = fresh.Count == 0 ? stored : await ClaimsByIdAsync(c, tx, idsJson, ct);
            return [.. claims.Select((claim, i) => (rows[claim.Id], first[i] == i && created.Contains(claim.Id)))];
        }, ct);
    }

    private static async Task<Dictionary<string, ClaimRecord>> ClaimsByIdAsync(
        SqliteConnection c, SqliteTransaction tx, string idsJson, CancellationToken ct) =>
        (await QueryAsync<ClaimRow>(c, SelectClaimsByIdsSql, new { IdsJson = idsJson }, tx, ct))
            .ToDictionary(r => r.Id, r => r.ToRecord(), StringComparer.Ordinal);
}
