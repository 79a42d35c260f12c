namespace ClaimStatus.Scoring.Questions;

/// <summary>One alternative of a question as of a time.</summary>
public sealed record AlternativeStatus(string ClaimId, Verdict Verdict, double Probability, string Likelihood);

/// <summary>A question's alternatives side by side, with the leading one and by how much it leads.</summary>
/// <param name="Alternatives">In the question's order; an alternative with no assessment is left out.</param>
/// <param name="Leading">The CONFIRMED alternative if there is one, else the one with the highest P; null when the
/// question has no assessed alternative or the highest P is shared.</param>
/// <param name="Margin">The leader's P minus the best P among the others (its own P when it stands alone); 0 with no leader.</param>
public sealed record QuestionSummary(
    string QuestionId, bool Closed, DateTimeOffset AsOf, IReadOnlyList<AlternativeStatus> Alternatives, string? Leading, double Margin)
{
    /// <param name="assessments">From <see cref="QuestionScorer.Score"/>, as of one time; others than the question's are ignored.</param>
    public static QuestionSummary Of(Question question, IReadOnlyList<ClaimAssessment> assessments, DateTimeOffset asOf)
    {
        var byId = assessments.ToDictionary(a => a.ClaimId, StringComparer.Ordinal);
        var alternatives = question.Alternatives.Distinct(StringComparer.Ordinal).Where(byId.ContainsKey)
            .Select(id => new AlternativeStatus(id, byId[id].Verdict, byId[id].Probability, byId[id].Likelihood)).ToList();
        if (alternatives.Count == 0) return new(question.Id, question.Closed, asOf, alternatives, null, 0);

        // The invariants allow at most one CONFIRMED alternative: it leads even if a rival's evidence alone reads higher
        // (an adjudication, or R3). Otherwise the highest P leads, unless two share it.
        var confirmed = alternatives.Where(a => a.Verdict == Verdict.Confirmed).ToList();
        AlternativeStatus? leader = confirmed.Count == 1 ? confirmed[0] : null;
        if (leader is null)
        {
            var best = alternatives.Max(a => a.Probability);
            var top = alternatives.Where(a => a.Probability == best).ToList();
            leader = top.Count == 1 ? top[0] : null;
        }
        if (leader is null) return new(question.Id, question.Closed, asOf, alternatives, null, 0);
        var others = alternatives.Where(a => a != leader).ToList();
        var margin = leader.Probability - (others.Count == 0 ? 0 : others.Max(a => a.Probability));
        return new(question.Id, question.Closed, asOf, alternatives, leader.ClaimId, margin);
    }
}
