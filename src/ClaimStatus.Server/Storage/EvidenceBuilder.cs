using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage;

/// <summary>A source's summed learned record and how many adjudicated claims it came from.</summary>
internal readonly record struct TrackSum(int Claims, TrackRecord Record);

/// <summary>One adjudicated claim's contribution to a source's learned record.</summary>
internal readonly record struct TrackRow(string ClaimId, string SourceId, TrackRecord Record);

/// <summary>Assembles <see cref="ClaimEvidence"/> from rows both providers load the same way.
/// Track records are loaded once per source for all requested claims; each claim then takes its
/// own contribution back out (rule 8: a claim never learns from its own adjudication).</summary>
internal static class EvidenceBuilder
{
    public static IReadOnlyList<ClaimEvidence> Build(
        IReadOnlyList<string> claimIds,
        IReadOnlyDictionary<string, ClaimParties> partiesByClaim,
        IEnumerable<(string ClaimId, AssertionEvidence Assertion)> assertions,
        IReadOnlyDictionary<string, SourceProfile> sources,
        IReadOnlyDictionary<string, TrackSum> totals,
        IEnumerable<TrackRow> ownRows,
        IReadOnlyDictionary<string, AdjudicationEvidence> adjudications,
        DateTimeOffset asOf)
    {
        var assertionsByClaim = assertions.ToLookup(x => x.ClaimId, x => x.Assertion, StringComparer.Ordinal);
        var ownByClaim = ownRows.ToLookup(r => r.ClaimId, StringComparer.Ordinal);
        var result = new List<ClaimEvidence>();
        foreach (var claimId in claimIds.Distinct(StringComparer.Ordinal))
        {
            if (!partiesByClaim.TryGetValue(claimId, out var parties)) continue;
            var claimAssertions = assertionsByClaim[claimId].ToList();
            var named = claimAssertions.Select(a => a.SourceId)
                .Concat(claimAssertions.Select(a => a.ReportedVia).OfType<string>())
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var own = ownByClaim[claimId].ToDictionary(r => r.SourceId, r => r.Record, StringComparer.Ordinal);
            var tracks = new Dictionary<string, TrackRecord>(StringComparer.Ordinal);
            foreach (var sourceId in named)
            {
                if (!totals.TryGetValue(sourceId, out var sum)) continue;
                var hasOwn = own.TryGetValue(sourceId, out var ownRecord);
                if (sum.Claims - (hasOwn ? 1 : 0) > 0)
                    tracks[sourceId] = hasOwn ? StoreRules.Minus(sum.Record, ownRecord) : sum.Record;
            }
            result.Add(new ClaimEvidence(
                claimId,
                parties.Parties,
                claimAssertions,
                named.Where(sources.ContainsKey).ToDictionary(id => id, id => sources[id], StringComparer.Ordinal),
                tracks,
                adjudications.GetValueOrDefault(claimId),
                asOf,
                parties.HarmedParties));
        }
        return result;
    }
}
