namespace ClaimStatus.Scoring.Questions;

/// <summary>A question: claims that are mutually exclusive, its alternatives (at most one of them is true).</summary>
/// <param name="Closed">The alternatives cover every possible answer: exactly one of them is true.</param>
public sealed record Question(string Id, bool Closed, IReadOnlyList<string> Alternatives);

public enum RelationKind
{
    /// <summary>Each claim is the other's negation: a closed question of the two.</summary>
    Negates,
    /// <summary>If <see cref="ClaimRelation.From"/> is true, <see cref="ClaimRelation.To"/> is true.</summary>
    Implies,
}

/// <summary>A relation between two claims; for <see cref="RelationKind.Implies"/>, From implies To.</summary>
public sealed record ClaimRelation(string From, RelationKind Kind, string To);

/// <summary>Everything the engine needs to score related claims together as of one time.</summary>
/// <param name="Claims">Each claim's evidence as <see cref="ClaimScorer.Score"/> takes it, all as of one time. Give every claim
/// linked to the ones you need (<see cref="ClaimGraph.Component"/>): evidence flows only from claims given here. Each claim's
/// track records should cover the sources of the whole group (its lenders' sources are looked up there first) and be
/// learned without the group's adjudications (<see cref="QuestionLearner.LeaveOut"/>).</param>
/// <param name="Questions">The questions the claims belong to.</param>
/// <param name="Relations">The relations between the claims.</param>
public sealed record LinkedEvidence(
    IReadOnlyList<ClaimEvidence> Claims, IReadOnlyList<Question> Questions, IReadOnlyList<ClaimRelation> Relations);
