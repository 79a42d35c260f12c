using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ClaimStatus.Cli.Scenario;

/// <summary>Validated file entries to contract messages. Call only after ScenarioValidator found no errors.</summary>
public static class ScenarioMapping
{
    public static Source ToSource(ScenarioSource s) => new()
    {
        Id = s.Id!,
        Name = s.Name!,
        Kind = ScenarioNames.Kind.Parse(s.Kind!),
        Reliability = ScenarioNames.Reliability.Parse(s.Reliability!),
        Groups = { (s.Groups ?? []).Select(g => g!) },
    };

    public static Claim ToClaim(ScenarioClaim c) => new()
    {
        Id = c.Id!,
        Text = c.Text!,
        Topics = { (c.Topics ?? []).Select(t => t!) },
        Parties = { (c.Parties ?? []).Select(p => p!) },
        HarmedParties = { (c.HarmedParties ?? []).Select(p => p!) },
    };

    // An absent key stays empty: the server derives it from claim, source, stance, hedge and
    // observed_at, so a re-import replays instead of storing twice.
    public static Assertion ToAssertion(ScenarioAssertion a) => new()
    {
        ClaimId = a.Claim!,
        SourceId = a.Source!,
        Stance = ScenarioNames.Stance.Parse(a.Stance!),
        Hedge = ScenarioNames.Hedge.Parse(a.Hedge!),
        Evidence = a.Evidence is null ? EvidenceKind.Other : ScenarioNames.Evidence.Parse(a.Evidence),
        ObservedAt = Time(a.ObservedAt!),
        ReportedVia = a.ReportedVia ?? "",
        Note = a.Note ?? "",
        Key = a.Key ?? "",
    };

    public static Adjudication ToAdjudication(ScenarioAdjudication j) => new()
    {
        ClaimId = j.Claim!,
        Truth = ScenarioNames.Truth.Parse(j.Truth!),
        DecidedAt = Time(j.DecidedAt!),
        Note = j.Note ?? "",
    };

    public static Timestamp Time(string rfc3339) => Timestamp.FromDateTimeOffset(Rfc3339.Parse(rfc3339));
}
