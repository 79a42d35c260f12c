using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>Small, readable request builders for the tests.</summary>
public static class Builders
{
    public static readonly DateTimeOffset Day = new(2024, 10, 18, 0, 0, 0, TimeSpan.Zero);

    public static Timestamp At(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);
    public static Timestamp At(string iso) => Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture));

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 200)];

    public static Source Source(string id, Reliability grade = Reliability.B, params string[] groups)
    {
        var source = new Source { Id = id, Name = "Source " + id, Kind = SourceKind.Government, Reliability = grade };
        source.Groups.AddRange(groups);
        return source;
    }

    public static Claim Claim(string id, string[]? topics = null, string[]? parties = null)
    {
        var claim = new Claim { Id = id, Text = "Claim " + id };
        claim.Topics.AddRange(topics ?? []);
        claim.Parties.AddRange(parties ?? []);
        return claim;
    }

    public static Assertion Assertion(string claimId, string sourceId, Stance stance, DateTimeOffset observedAt,
        Hedge hedge = Hedge.Certain, string reportedVia = "", string key = "") => new()
    {
        ClaimId = claimId,
        SourceId = sourceId,
        Stance = stance,
        Hedge = hedge,
        Evidence = EvidenceKind.OfficialStatement,
        ObservedAt = At(observedAt),
        ReportedVia = reportedVia,
        Key = key,
    };
}
