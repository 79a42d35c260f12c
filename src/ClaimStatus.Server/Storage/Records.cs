using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage;

// What the store keeps, in the engine's vocabulary. Times are UTC. RecordedBy is the caller's principal name
// (Security/Callers.cs); it is never part of a write's content, so a replay by another caller is still a replay.

public sealed record SourceRecord(
    string Id, string Name, SourceKind Kind, Grade Grade, IReadOnlyList<string> Groups,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string RecordedBy);

/// <param name="HarmedParties">The parties the claim would harm if true (a subset of Parties).</param>
/// <param name="Status">The latest stored status; null before the first one.</param>
public sealed record ClaimRecord(
    string Id, string Text, IReadOnlyList<string> Topics, IReadOnlyList<string> Parties, IReadOnlyList<string> HarmedParties,
    DateTimeOffset CreatedAt, Verdict? Status, string RecordedBy);

/// <summary>A claim to create; topics, parties and harmed parties compare as sets of distinct ids.</summary>
public sealed record NewClaim(
    string Id, string Text, IReadOnlyList<string> Topics, IReadOnlyList<string> Parties, IReadOnlyList<string> HarmedParties,
    string RecordedBy = StoreRules.Anonymous);

/// <summary>What the engine reads of a stored claim besides its evidence.</summary>
internal sealed record ClaimParties(IReadOnlyList<string> Parties, IReadOnlyList<string> HarmedParties);

public sealed record NewAssertion(
    string ClaimId, string SourceId, Stance Stance, Hedge Hedge, EvidenceKind Evidence,
    DateTimeOffset ObservedAt, string? ReportedVia, string? Note, string Key, string RecordedBy = StoreRules.Anonymous);

public sealed record AssertionRecord(
    long Id, string ClaimId, string SourceId, Stance Stance, Hedge Hedge, EvidenceKind Evidence,
    DateTimeOffset ObservedAt, DateTimeOffset RecordedAt, string? ReportedVia, string? Note, string Key, string RecordedBy);

/// <summary>The outcome of one assertion in a batch: the stored row, and whether it was already there.</summary>
public sealed record AssertionWrite(AssertionRecord Assertion, bool Replayed);

/// <param name="Rationale">Why the adjudicator decided so; part of the content, like the note.</param>
public sealed record NewAdjudication(
    string ClaimId, Truth Truth, DateTimeOffset DecidedAt, string? Note, string? Rationale = null,
    string RecordedBy = StoreRules.Anonymous);

public sealed record AdjudicationRecord(
    long Id, string ClaimId, Truth Truth, DateTimeOffset DecidedAt, string? Note, DateTimeOffset RecordedAt,
    string? Rationale, string RecordedBy);

/// <param name="From">Null for a claim's first status.</param>
public sealed record StatusTransitionRecord(
    long Id, string ClaimId, Verdict? From, Verdict To, DateTimeOffset TransitionTime,
    double Probability, double Uncertainty, string PolicyVersion, string Cause);
