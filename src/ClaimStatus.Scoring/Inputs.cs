namespace ClaimStatus.Scoring;

public sealed record SourceProfile(string Id, SourceKind Kind, Grade Grade, IReadOnlyList<string> Groups);

public readonly record struct AssertionEvidence(
    long Id,
    string SourceId,
    Stance Stance,
    Hedge Hedge,
    EvidenceKind Evidence,
    DateTimeOffset ObservedAt,
    string? ReportedVia);

/// <summary>A source's learned record: its latest stance on each claim adjudicated before the as-of time.
/// Reports count separately: relaying a rumour that proved true or false says something too.</summary>
public readonly record struct TrackRecord(
    int SupportsRight, int SupportsWrong, int RefutesRight, int RefutesWrong, int ReportsTrue, int ReportsFalse)
{
    public static TrackRecord operator +(TrackRecord a, TrackRecord b) => new(
        a.SupportsRight + b.SupportsRight, a.SupportsWrong + b.SupportsWrong,
        a.RefutesRight + b.RefutesRight, a.RefutesWrong + b.RefutesWrong,
        a.ReportsTrue + b.ReportsTrue, a.ReportsFalse + b.ReportsFalse);
}

public sealed record AdjudicationEvidence(long Id, Truth Truth, DateTimeOffset DecidedAt, string? Note);

/// <summary>Everything the engine needs to score one claim as of one time.</summary>
/// <param name="Assertions">The claim's assertions; those observed after <paramref name="AsOf"/> are ignored.</param>
/// <param name="Sources">Every source named by an assertion (as author or relay).</param>
/// <param name="TrackRecords">Per source, learned only from adjudications decided before AsOf, never this claim's.</param>
/// <param name="Adjudication">The claim's adjudication if decided at or before AsOf.</param>
/// <param name="HarmedParties">The parties (a subset of <paramref name="Parties"/>) the claim would harm if true: their
/// SUPPORTS is an admission against interest. For any other party the direction is unknown.</param>
public sealed record ClaimEvidence(
    string ClaimId,
    IReadOnlyList<string> Parties,
    IReadOnlyList<AssertionEvidence> Assertions,
    IReadOnlyDictionary<string, SourceProfile> Sources,
    IReadOnlyDictionary<string, TrackRecord> TrackRecords,
    AdjudicationEvidence? Adjudication,
    DateTimeOffset AsOf,
    IReadOnlyList<string>? HarmedParties = null);
