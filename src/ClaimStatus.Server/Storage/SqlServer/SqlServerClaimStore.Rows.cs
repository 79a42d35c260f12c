using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage.SqlServer;

// Rows as SQL Server returns them (enum names as text), each with its explicit mapping to the contract.
public sealed partial class SqlServerClaimStore
{
    private sealed class SourceRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Grade { get; set; } = "";
        public string GroupsJson { get; set; } = "[]";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public string RecordedBy { get; set; } = StoreRules.Anonymous;

        public SourceRecord ToRecord() => new(
            Id, Name, Enum.Parse<SourceKind>(Kind), Enum.Parse<Grade>(Grade), StoreRules.FromJson(GroupsJson),
            CreatedAt, UpdatedAt, RecordedBy);

        public SourceProfile ToProfile() =>
            new(Id, Enum.Parse<SourceKind>(Kind), Enum.Parse<Grade>(Grade), StoreRules.FromJson(GroupsJson));
    }

    private sealed class ClaimRow
    {
        public string Id { get; set; } = "";
        public string Text { get; set; } = "";
        public string TopicsJson { get; set; } = "[]";
        public string PartiesJson { get; set; } = "[]";
        public string HarmedPartiesJson { get; set; } = "[]";
        public DateTimeOffset CreatedAt { get; set; }
        public string? Status { get; set; }
        public string RecordedBy { get; set; } = StoreRules.Anonymous;

        public ClaimRecord ToRecord() => new(
            Id, Text, StoreRules.FromJson(TopicsJson), StoreRules.FromJson(PartiesJson), StoreRules.FromJson(HarmedPartiesJson),
            CreatedAt, Status is null ? null : Enum.Parse<Verdict>(Status), RecordedBy);

        public ClaimParties ToParties() => new(StoreRules.FromJson(PartiesJson), StoreRules.FromJson(HarmedPartiesJson));
    }

    private sealed class AssertionRow
    {
        public long Id { get; set; }
        public string ClaimId { get; set; } = "";
        public string SourceId { get; set; } = "";
        public string Stance { get; set; } = "";
        public string Hedge { get; set; } = "";
        public string Evidence { get; set; } = "";
        public DateTimeOffset ObservedAt { get; set; }
        public DateTimeOffset RecordedAt { get; set; }
        public string? ReportedVia { get; set; }
        public string? Note { get; set; }
        public string IdemKey { get; set; } = "";
        public string RecordedBy { get; set; } = StoreRules.Anonymous;

        public AssertionRecord ToRecord() => new(
            Id, ClaimId, SourceId, Enum.Parse<Stance>(Stance), Enum.Parse<Hedge>(Hedge),
            Enum.Parse<EvidenceKind>(Evidence), ObservedAt, RecordedAt, ReportedVia, Note, IdemKey, RecordedBy);

        public AssertionEvidence ToEvidence() => new(
            Id, SourceId, Enum.Parse<Stance>(Stance), Enum.Parse<Hedge>(Hedge), Enum.Parse<EvidenceKind>(Evidence),
            ObservedAt, ReportedVia);
    }

    private sealed class AdjudicationRow
    {
        public long Id { get; set; }
        public string ClaimId { get; set; } = "";
        public string Truth { get; set; } = "";
        public DateTimeOffset DecidedAt { get; set; }
        public string? Note { get; set; }
        public DateTimeOffset RecordedAt { get; set; }
        public string? Rationale { get; set; }
        public string RecordedBy { get; set; } = StoreRules.Anonymous;

        public AdjudicationRecord ToRecord() =>
            new(Id, ClaimId, Enum.Parse<Truth>(Truth), DecidedAt, Note, RecordedAt, Rationale, RecordedBy);

        public AdjudicationEvidence ToEvidence() => new(Id, Enum.Parse<Truth>(Truth), DecidedAt, Note);
    }

    private sealed class TrackRecordRow
    {
        public string ClaimId { get; set; } = "";
        public string SourceId { get; set; } = "";
        public int Claims { get; set; }
        public int SupportsRight { get; set; }
        public int SupportsWrong { get; set; }
        public int RefutesRight { get; set; }
        public int RefutesWrong { get; set; }
        public int ReportsTrue { get; set; }
        public int ReportsFalse { get; set; }

        public TrackRecord ToRecord() =>
            new(SupportsRight, SupportsWrong, RefutesRight, RefutesWrong, ReportsTrue, ReportsFalse);
    }

    private sealed class TransitionRow
    {
        public long Id { get; set; }
        public string ClaimId { get; set; } = "";
        public string? FromStatus { get; set; }
        public string ToStatus { get; set; } = "";
        public DateTimeOffset TransitionTime { get; set; }
        public double Probability { get; set; }
        public double Uncertainty { get; set; }
        public string PolicyVersion { get; set; } = "";
        public string Cause { get; set; } = "";

        public StatusTransitionRecord ToRecord() => new(
            Id, ClaimId, FromStatus is null ? null : Enum.Parse<Verdict>(FromStatus), Enum.Parse<Verdict>(ToStatus),
            TransitionTime, Probability, Uncertainty, PolicyVersion, Cause);
    }
}
