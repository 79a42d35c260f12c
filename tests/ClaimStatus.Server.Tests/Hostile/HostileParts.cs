using ClaimStatus.Contracts.V1;
using CsCheck;
using static ClaimStatus.Server.Tests.Hostile.HostileValues;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>One way to break a message for certain, and the field (relative to the message) the server must name.</summary>
public sealed record Defect<T>(string Field, Gen<Action<T>> Break);

/// <summary>The messages requests carry (source, claim, assertion, adjudication): valid, broken in one field, chaos.
/// The fixture stores source "src-a", "src-b" and claims "claim-a", "claim-adj" that valid messages refer to.</summary>
public static class HostileParts
{
    public const string SourceA = "src-a", SourceB = "src-b", ClaimA = "claim-a", ClaimForAdjudication = "claim-adj";

    static Defect<T> D<T, TValue>(string field, Gen<TValue> values, Action<T, TValue> set) =>
        new(field, values.Select(v => (Action<T>)(m => set(m, v))));

    /// <summary>Breaks a repeated field: too many items, a repeat, or one bad item (named by its index).</summary>
    static IEnumerable<Defect<T>> ListDefects<T>(string field, Func<T, Google.Protobuf.Collections.RepeatedField<string>> list)
    {
        yield return D<T, List<string>>(field, ValidId.List[51, 120].Select(l => l.Select((id, i) => $"{id}-{i}").ToList()), (m, v) => { list(m).Clear(); list(m).AddRange(v); });
        yield return D<T, string>(field, ValidId, (m, v) => { list(m).Clear(); list(m).AddRange([v, "other", v]); });
        yield return D<T, string>($"{field}[1]", BadId(required: true), (m, v) => { list(m).Clear(); list(m).AddRange(["first", v]); });
    }

    public static readonly Gen<Source> ValidSource = Gen.Select(ValidId, ValidText, ValidEnum<SourceKind>(), ValidEnum<Reliability>(), ValidIdList,
        (id, name, kind, grade, groups) => new Source { Id = id, Name = name, Kind = kind, Reliability = grade, Groups = { groups } });

    public static readonly Defect<Source>[] SourceDefects =
    [
        D<Source, string>("id", BadId(required: true), (s, v) => s.Id = v),
        D<Source, string>("name", BadText(500, required: true), (s, v) => s.Name = v),
        D<Source, SourceKind>("kind", BadEnum<SourceKind>(required: true), (s, v) => s.Kind = v),
        D<Source, Reliability>("reliability", BadEnum<Reliability>(required: true), (s, v) => s.Reliability = v),
        .. ListDefects<Source>("groups", s => s.Groups),
    ];

    public static readonly Gen<Source> ChaosSource = Gen.Select(ChaosString, ChaosString, ChaosEnum<SourceKind>(), ChaosEnum<Reliability>(), ChaosList, Gen.Double.Special,
        (id, name, kind, grade, groups, trust) => new Source
        {
            Id = id, Name = name, Kind = kind, Reliability = grade, Groups = { groups },
            // Output-only fields a client has no business sending, NaN and infinities included: ignored.
            Learned = new LearnedReliability { SupportsTrust = trust, RefutesTrust = -trust, SupportsRight = -1 },
        });

    /// <summary>A claim under a fresh id, so creating it never collides with an earlier one.</summary>
    public static readonly Gen<Claim> ValidClaim = Gen.Select(Gen.Guid, ValidText, ValidIdList, ValidIdList, Gen.Bool,
        (guid, text, topics, parties, harm) => new Claim
        {
            Id = $"hostile-{guid:N}", Text = text, Topics = { topics }, Parties = { parties },
            HarmedParties = { harm ? parties.Take(1) : [] },
        });

    public static readonly Defect<Claim>[] ClaimDefects =
    [
        D<Claim, string>("id", BadId(required: true), (c, v) => c.Id = v),
        D<Claim, string>("text", BadText(4000, required: true), (c, v) => c.Text = v),
        D<Claim, Status>("status", ValidEnum<Status>(), (c, v) => c.Status = v),
        D<Claim, string>("harmed_parties[0]", ValidId, (c, v) => { c.HarmedParties.Clear(); c.HarmedParties.Add("not-a-party:" + v); }),
        .. ListDefects<Claim>("topics", c => c.Topics),
        .. ListDefects<Claim>("parties", c => { c.HarmedParties.Clear(); return c.Parties; }),
        .. ListDefects<Claim>("harmed_parties", c => c.HarmedParties),
    ];

    public static readonly Gen<Claim> ChaosClaim = Gen.Select(ChaosString, ChaosString, ChaosList, ChaosList, ChaosList, ChaosEnum<Status>(),
        (id, text, topics, parties, harmed, status) => new Claim { Id = id, Text = text, Topics = { topics }, Parties = { parties }, HarmedParties = { harmed }, Status = status });

    public static readonly Gen<Assertion> ValidAssertion = Gen.Select(Gen.Bool, ValidEnum<Stance>(), ValidEnum<Hedge>(), Gen.Int[0, 10], PastTime, Gen.Guid,
        (which, stance, hedge, evidence, observed, key) => new Assertion
        {
            ClaimId = ClaimA, SourceId = which ? SourceA : SourceB, Stance = stance, Hedge = hedge,
            Evidence = (EvidenceKind)evidence, ObservedAt = observed, Key = $"hostile-{key:N}",
        });

    public static readonly Defect<Assertion>[] AssertionDefects =
    [
        D<Assertion, long>("id", Gen.Long.Where(id => id != 0), (a, v) => a.Id = v),
        D<Assertion, string>("claim_id", BadId(required: true), (a, v) => a.ClaimId = v),
        D<Assertion, string>("source_id", BadId(required: true), (a, v) => a.SourceId = v),
        D<Assertion, Stance>("stance", BadEnum<Stance>(required: true), (a, v) => a.Stance = v),
        D<Assertion, Hedge>("hedge", BadEnum<Hedge>(required: true), (a, v) => a.Hedge = v),
        D<Assertion, EvidenceKind>("evidence", BadEnum<EvidenceKind>(required: false), (a, v) => a.Evidence = v),
        D<Assertion, Google.Protobuf.WellKnownTypes.Timestamp?>("observed_at", Gen.OneOf(BrokenTime, FutureTime).Null(0.2), (a, v) => a.ObservedAt = v),
        D<Assertion, Google.Protobuf.WellKnownTypes.Timestamp>("recorded_at", PastTime, (a, v) => a.RecordedAt = v),
        D<Assertion, string>("reported_via", BadId(required: false), (a, v) => a.ReportedVia = v),
        D<Assertion, string>("note", BadText(4000, required: false), (a, v) => a.Note = v),
        D<Assertion, string>("key", BadId(required: false), (a, v) => a.Key = v),
    ];

    public static readonly Gen<Assertion> ChaosAssertion = Gen.Select(
        Gen.Select(Gen.Frequency((1, Gen.Const(0L)), (1, Gen.Long)), Gen.OneOf(ChaosString, Gen.Const(ClaimA)), Gen.OneOf(ChaosString, Gen.Const(SourceA)), ChaosEnum<Stance>(), ChaosEnum<Hedge>()),
        Gen.Select(ChaosEnum<EvidenceKind>(), ChaosTime, PastTime.Null(0.8), Gen.OneOf(ChaosString, Gen.Const(SourceB)), ChaosString, ChaosString),
        (a, b) => new Assertion
        {
            Id = a.Item1, ClaimId = a.Item2, SourceId = a.Item3, Stance = a.Item4, Hedge = a.Item5,
            Evidence = b.Item1, ObservedAt = b.Item2, RecordedAt = b.Item3, ReportedVia = b.Item4, Note = b.Item5, Key = b.Item6,
        });

    /// <summary>Always the same verdict on the claim set aside for it, so a valid one is a replay, never a conflict.</summary>
    public static readonly Gen<Adjudication> ValidAdjudication = Gen.Const(0).Select(_ => new Adjudication
    {
        ClaimId = ClaimForAdjudication, Truth = Truth.True, DecidedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1_700_000_000 },
    });

    public static readonly Defect<Adjudication>[] AdjudicationDefects =
    [
        D<Adjudication, string>("claim_id", BadId(required: true), (j, v) => j.ClaimId = v),
        D<Adjudication, Truth>("truth", BadEnum<Truth>(required: true), (j, v) => j.Truth = v),
        D<Adjudication, Google.Protobuf.WellKnownTypes.Timestamp?>("decided_at", Gen.OneOf(BrokenTime, FutureTime).Null(0.2), (j, v) => j.DecidedAt = v),
        D<Adjudication, string>("note", BadText(4000, required: false), (j, v) => j.Note = v),
    ];

    /// <summary>Chaos never touches claim-adj, so the valid replay above stays a replay.</summary>
    public static readonly Gen<Adjudication> ChaosAdjudication = Gen.Select(ChaosString, ChaosEnum<Truth>(), ChaosTime, ChaosString,
        (claim, truth, decided, note) => new Adjudication { ClaimId = claim, Truth = truth, DecidedAt = decided, Note = note });
}
