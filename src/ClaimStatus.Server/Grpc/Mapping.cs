using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using V1 = ClaimStatus.Contracts.V1;

namespace ClaimStatus.Server.Grpc;

/// <summary>Explicit mapping between the generated contract and the engine's and store's records.
/// Enums map by position: the contract's value N is the engine's value N-1 (0 is UNSPECIFIED).</summary>
public static class Mapping
{
    public static SourceKind ToEngine(V1.SourceKind kind) => (SourceKind)((int)kind - 1);
    public static Grade ToEngine(V1.Reliability grade) => (Grade)((int)grade - 1);
    public static Stance ToEngine(V1.Stance stance) => (Stance)((int)stance - 1);
    public static Hedge ToEngine(V1.Hedge hedge) => (Hedge)((int)hedge - 1);
    public static Truth ToEngine(V1.Truth truth) => (Truth)((int)truth - 1);

    public static EvidenceKind ToEngine(V1.EvidenceKind kind) =>
        kind == V1.EvidenceKind.Unspecified ? EvidenceKind.Other : (EvidenceKind)((int)kind - 1);

    public static Verdict? ToEngine(V1.Status status) => status switch
    {
        V1.Status.Confirmed => Verdict.Confirmed,
        V1.Status.Denied => Verdict.Denied,
        V1.Status.Unverified => Verdict.Unverified,
        _ => null,
    };

    public static V1.SourceKind ToContract(SourceKind kind) => (V1.SourceKind)((int)kind + 1);
    public static V1.Reliability ToContract(Grade grade) => (V1.Reliability)((int)grade + 1);
    public static V1.Stance ToContract(Stance stance) => (V1.Stance)((int)stance + 1);
    public static V1.Hedge ToContract(Hedge hedge) => (V1.Hedge)((int)hedge + 1);
    public static V1.EvidenceKind ToContract(EvidenceKind kind) => (V1.EvidenceKind)((int)kind + 1);
    public static V1.Truth ToContract(Truth truth) => (V1.Truth)((int)truth + 1);

    public static V1.Status ToContract(Verdict? verdict) => verdict switch
    {
        Verdict.Confirmed => V1.Status.Confirmed,
        Verdict.Denied => V1.Status.Denied,
        Verdict.Unverified => V1.Status.Unverified,
        _ => V1.Status.Unspecified,
    };

    public static Timestamp ToTimestamp(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static V1.Source ToContract(SourceRecord source, V1.LearnedReliability? learned)
    {
        var message = new V1.Source
        {
            Id = source.Id,
            Name = source.Name,
            Kind = ToContract(source.Kind),
            Reliability = ToContract(source.Grade),
            CreateTime = ToTimestamp(source.CreatedAt),
            UpdateTime = ToTimestamp(source.UpdatedAt),
            Learned = learned,
            RecordedBy = source.RecordedBy,
        };
        message.Groups.AddRange(source.Groups);
        return message;
    }

    public static V1.LearnedReliability ToContract(TrackRecord track, Grade grade, ScoringPolicy policy, DateTimeOffset asOf)
    {
        var trust = ReliabilityLearner.Trust(grade, track, policy);
        return new V1.LearnedReliability
        {
            SupportsRight = track.SupportsRight,
            SupportsWrong = track.SupportsWrong,
            RefutesRight = track.RefutesRight,
            RefutesWrong = track.RefutesWrong,
            ReportsTrue = track.ReportsTrue,
            ReportsFalse = track.ReportsFalse,
            SupportsTrust = trust.Supports,
            RefutesTrust = trust.Refutes,
            AsOf = ToTimestamp(asOf),
        };
    }

    public static V1.Claim ToContract(ClaimRecord claim)
    {
        var message = new V1.Claim
        {
            Id = claim.Id,
            Text = claim.Text,
            CreateTime = ToTimestamp(claim.CreatedAt),
            Status = ToContract(claim.Status),
            RecordedBy = claim.RecordedBy,
        };
        message.Topics.AddRange(claim.Topics);
        message.Parties.AddRange(claim.Parties);
        message.HarmedParties.AddRange(claim.HarmedParties);
        return message;
    }

    public static NewClaim ToNew(V1.Claim c, string recordedBy = StoreRules.Anonymous) =>
        new(c.Id, c.Text, [.. c.Topics], [.. c.Parties], [.. c.HarmedParties], recordedBy);

    public static NewAssertion ToNew(V1.Assertion a, string key, string recordedBy) => new(
        a.ClaimId, a.SourceId, ToEngine(a.Stance), ToEngine(a.Hedge), ToEngine(a.Evidence),
        a.ObservedAt.ToDateTimeOffset(), EmptyToNull(a.ReportedVia), EmptyToNull(a.Note), key, recordedBy);

    public static NewAdjudication ToNew(V1.Adjudication a, string recordedBy) => new(
        a.ClaimId, ToEngine(a.Truth), a.DecidedAt.ToDateTimeOffset(), EmptyToNull(a.Note), EmptyToNull(a.Rationale), recordedBy);

    public static V1.Assertion ToContract(AssertionRecord a) => new()
    {
        Id = a.Id,
        ClaimId = a.ClaimId,
        SourceId = a.SourceId,
        Stance = ToContract(a.Stance),
        Hedge = ToContract(a.Hedge),
        Evidence = ToContract(a.Evidence),
        ObservedAt = ToTimestamp(a.ObservedAt),
        RecordedAt = ToTimestamp(a.RecordedAt),
        ReportedVia = a.ReportedVia ?? "",
        Note = a.Note ?? "",
        Key = a.Key,
        RecordedBy = a.RecordedBy,
    };

    public static V1.Adjudication ToContract(AdjudicationRecord a) => new()
    {
        Id = a.Id,
        ClaimId = a.ClaimId,
        Truth = ToContract(a.Truth),
        DecidedAt = ToTimestamp(a.DecidedAt),
        Note = a.Note ?? "",
        RecordedAt = ToTimestamp(a.RecordedAt),
        RecordedBy = a.RecordedBy,
        Rationale = a.Rationale ?? "",
    };

    public static V1.StatusTransition ToContract(StatusTransitionRecord t) => new()
    {
        Id = t.Id,
        ClaimId = t.ClaimId,
        FromStatus = ToContract(t.From),
        ToStatus = ToContract(t.To),
        TransitionTime = ToTimestamp(t.TransitionTime),
        Probability = t.Probability,
        Uncertainty = t.Uncertainty,
        PolicyVersion = t.PolicyVersion,
        Cause = t.Cause,
    };

    /// <param name="contributions">With the FULL view, the page of contributions to include; the rest is counted.</param>
    public static V1.StatusReport ToContract(ClaimAssessment a, bool full, Range? contributions = null)
    {
        var report = new V1.StatusReport
        {
            ClaimId = a.ClaimId,
            Status = ToContract(a.Verdict),
            AsOf = ToTimestamp(a.AsOf),
            Probability = a.Probability,
            Belief = a.Belief,
            Disbelief = a.Disbelief,
            Uncertainty = a.Uncertainty,
            SupportingGroups = a.SupportingGroups,
            RefutingGroups = a.RefutingGroups,
            AssertionsUsed = a.AssertionsUsed,
            AssertionsSuperseded = a.AssertionsSuperseded,
            PolicyName = a.PolicyName,
            PolicyVersion = a.PolicyVersion,
            Reason = a.Reason,
            Likelihood = a.Likelihood,
            Credibility = a.Credibility,
        };
        if (a.Adjudication is { } adj)
        {
            report.Adjudication = new V1.Adjudication
            {
                Id = adj.Id, ClaimId = a.ClaimId, Truth = ToContract(adj.Truth),
                DecidedAt = ToTimestamp(adj.DecidedAt), Note = adj.Note ?? "",
            };
        }
        if (!full) return report;

        foreach (var (name, value) in a.Decision) report.Decision[name] = value;
        report.ContributionsTotal = a.Contributions.Count;
        var (start, length) = (contributions ?? Range.All).GetOffsetAndLength(a.Contributions.Count);
        for (var i = start; i < start + length; i++) report.Contributions.Add(ToContract(a.Contributions[i], a.AsOf));
        return report;
    }

    static V1.Contribution ToContract(AssertionContribution c, DateTimeOffset asOf) => new()
    {
        AssertionId = c.Assertion.Id,
        SourceId = c.Assertion.SourceId,
        Reliability = ToContract(c.Grade),
        Learned = new V1.LearnedReliability
        {
            SupportsRight = c.Track.SupportsRight,
            SupportsWrong = c.Track.SupportsWrong,
            RefutesRight = c.Track.RefutesRight,
            RefutesWrong = c.Track.RefutesWrong,
            ReportsTrue = c.Track.ReportsTrue,
            ReportsFalse = c.Track.ReportsFalse,
            SupportsTrust = c.SupportsTrust,
            RefutesTrust = c.RefutesTrust,
            AsOf = ToTimestamp(asOf),
        },
        Stance = ToContract(c.Assertion.Stance),
        Hedge = ToContract(c.Assertion.Hedge),
        Evidence = ToContract(c.Assertion.Evidence),
        ObservedAt = ToTimestamp(c.Assertion.ObservedAt),
        ReportedVia = c.Assertion.ReportedVia ?? "",
        Group = c.Group,
        Superseded = c.Superseded,
        InterestedParty = c.InterestedParty,
        Admission = c.Admission,
        Weight = c.Weight,
        Belief = c.Belief,
        Disbelief = c.Disbelief,
        Uncertainty = c.Uncertainty,
        BeliefShare = c.BeliefShare,
        DisbeliefShare = c.DisbeliefShare,
        Why = c.Why,
    };

    static string? EmptyToNull(string value) => value.Length == 0 ? null : value;
}
