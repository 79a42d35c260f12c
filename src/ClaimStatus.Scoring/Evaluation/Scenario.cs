namespace ClaimStatus.Scoring.Evaluation;

// A scenario (the claimstatus-scenario/1 import format) in memory, already parsed: the timeline that
// evaluation replays. Assertion ids follow file order, as an import stores them.

/// <param name="HarmedParties">The parties the claim would harm if true (see <see cref="ClaimEvidence.HarmedParties"/>).</param>
public sealed record ScenarioClaim(string Id, IReadOnlyList<string> Parties, IReadOnlyList<string>? HarmedParties = null);

public sealed record ScenarioAssertion(string ClaimId, AssertionEvidence Assertion);

public sealed record ScenarioAdjudication(string ClaimId, AdjudicationEvidence Adjudication);

public sealed record ScenarioExpectation(string ClaimId, DateTimeOffset AsOf, Verdict Status);

public sealed record Scenario(
    string Name,
    IReadOnlyList<SourceProfile> Sources,
    IReadOnlyList<ScenarioClaim> Claims,
    IReadOnlyList<ScenarioAssertion> Assertions,
    IReadOnlyList<ScenarioAdjudication> Adjudications,
    IReadOnlyList<ScenarioExpectation> Expectations);
