using System.Text.Json;
using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage;

/// <summary>Decisions both providers must make identically, kept in one place so they cannot drift.</summary>
internal static class StoreRules
{
    /// <summary>The writer of rows stored without a caller's name (before migration 0005, or by a caller
    /// that did not give one); the same word as Security.Callers.Anonymous.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>A replayed assertion must match the stored one in everything but its ids and times of storage.</summary>
    public static bool SameContent(NewAssertion a, AssertionRecord stored) =>
        a.SourceId == stored.SourceId && a.Stance == stored.Stance && a.Hedge == stored.Hedge
        && a.Evidence == stored.Evidence && a.ObservedAt == stored.ObservedAt
        && a.ReportedVia == stored.ReportedVia && a.Note == stored.Note;

    public static bool SameContent(NewAssertion a, NewAssertion b) =>
        a.SourceId == b.SourceId && a.Stance == b.Stance && a.Hedge == b.Hedge && a.Evidence == b.Evidence
        && a.ObservedAt == b.ObservedAt && a.ReportedVia == b.ReportedVia && a.Note == b.Note;

    public static bool SameContent(NewAdjudication a, AdjudicationRecord stored) =>
        a.Truth == stored.Truth && a.DecidedAt == stored.DecidedAt && a.Note == stored.Note && a.Rationale == stored.Rationale;

    /// <summary>CreateClaim's notion of an identical replay: same text, same topics, parties and harmed parties in any order.</summary>
    public static bool SameContent(NewClaim c, ClaimRecord stored) =>
        c.Text == stored.Text && SameSet(c.Topics, stored.Topics) && SameSet(c.Parties, stored.Parties)
        && SameSet(c.HarmedParties, stored.HarmedParties);

    public static bool SameContent(NewClaim a, NewClaim b) =>
        a.Text == b.Text && SameSet(a.Topics, b.Topics) && SameSet(a.Parties, b.Parties) && SameSet(a.HarmedParties, b.HarmedParties);

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Order(StringComparer.Ordinal).SequenceEqual(b.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    public static StoreConflictException ClaimConflict(int index, string id) =>
        new($"[{index}].id", $"claim '{id}' already exists with different text, topics, parties or harmed parties");

    /// <summary>For each claim of a batch, the index of the first one with its id; a later one with the
    /// same id and other content makes the whole batch a conflict.</summary>
    public static int[] FirstOccurrences(IReadOnlyList<NewClaim> batch)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new int[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (!first.TryAdd(batch[i].Id, i) && !SameContent(batch[i], batch[first[batch[i].Id]]))
                throw ClaimConflict(i, batch[i].Id);
            result[i] = first[batch[i].Id];
        }
        return result;
    }

    public static StoreConflictException KeyConflict(int index, NewAssertion a) =>
        new($"[{index}].key", $"key '{a.Key}' of claim '{a.ClaimId}' was already used for a different assertion");

    public static StoreConflictException AdjudicationConflict(string claimId) =>
        new("claim_id", $"claim '{claimId}' already has a different adjudication");

    /// <summary>For each item of a batch, the index of the first item with the same (claim, key);
    /// a later item that repeats a key with other content makes the whole batch a conflict.</summary>
    public static int[] FirstOccurrences(IReadOnlyList<NewAssertion> batch)
    {
        var first = new Dictionary<(string, string), int>();
        var result = new int[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var a = batch[i];
            if (first.TryGetValue((a.ClaimId, a.Key), out var j))
            {
                if (!SameContent(a, batch[j])) throw KeyConflict(i, a);
                result[i] = j;
            }
            else
            {
                first[(a.ClaimId, a.Key)] = i;
                result[i] = i;
            }
        }
        return result;
    }

    /// <summary>Claims whose learned records must be recomputed: adjudicated ones that just received
    /// an assertion the decision could have taken into account.</summary>
    public static IEnumerable<string> ClaimsNeedingTrackRecompute(
        IEnumerable<NewAssertion> inserted, IReadOnlyDictionary<string, DateTimeOffset> decidedAtByClaim) =>
        inserted.Where(a => decidedAtByClaim.TryGetValue(a.ClaimId, out var decidedAt) && a.ObservedAt <= decidedAt)
            .Select(a => a.ClaimId)
            .Distinct(StringComparer.Ordinal);

    public static DateTimeOffset Utc(DateTimeOffset t) => t.ToUniversalTime();

    public static string ToJson(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyList<string> FromJson(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    public static TrackRecord Minus(TrackRecord a, TrackRecord b) => new(
        a.SupportsRight - b.SupportsRight, a.SupportsWrong - b.SupportsWrong,
        a.RefutesRight - b.RefutesRight, a.RefutesWrong - b.RefutesWrong,
        a.ReportsTrue - b.ReportsTrue, a.ReportsFalse - b.ReportsFalse);

    /// <summary>The transitions to store, in claim id order: one per claim whose status differs from its current one
    /// (null before the first). A claim listed twice compares with its first change. Unknown claims throw.</summary>
    public static List<StatusTransitionRecord> StatusChanges(
        IEnumerable<(ClaimAssessment Assessment, string Cause)> items, Dictionary<string, string?> current, DateTimeOffset at)
    {
        var changed = new List<StatusTransitionRecord>();
        foreach (var (assessment, cause) in items.OrderBy(x => x.Assessment.ClaimId, StringComparer.Ordinal))
        {
            if (!current.TryGetValue(assessment.ClaimId, out var status)) throw new MissingReferenceException("claim_id", assessment.ClaimId);
            Verdict? from = status is null ? null : Enum.Parse<Verdict>(status);
            if (from == assessment.Verdict) continue;
            current[assessment.ClaimId] = assessment.Verdict.ToString();
            changed.Add(new StatusTransitionRecord(0, assessment.ClaimId, from, assessment.Verdict, at,
                assessment.Probability, assessment.Uncertainty, assessment.PolicyVersion, cause));
        }
        return changed;
    }

    /// <summary>A source's grade and groups weigh in every status it spoke on; its name and kind do not.</summary>
    public static bool MovesStatuses(SourceRecord before, SourceRecord after) =>
        before.Grade != after.Grade || !SameSet(before.Groups, after.Groups);
}
