using ClaimStatus.Scoring.Questions;
using CsCheck;
using static ClaimStatus.Scoring.Tests.Build;

namespace ClaimStatus.Scoring.Tests.Questions;

/// <summary>The invariants of QUESTIONS.md over random related claims, checked at every as-of time that changes anything:
/// random questions (open or closed), negations and implications (acyclic), sources of random grades and groups, claims
/// with random parties and words, and adjudications of a random world consistent with the relations.</summary>
public sealed class InvariantPropertyTests
{
    /// <summary>A generated case: the relations, and the evidence as of the last day.</summary>
    public sealed record Case(LinkedEvidence Evidence, double[] AsOfDays)
    {
        public override string ToString() =>
            $"questions {string.Join("; ", Evidence.Questions.Select(q => $"{q.Id}{(q.Closed ? " closed" : "")} [{string.Join(",", q.Alternatives)}]"))}; " +
            $"relations {string.Join(", ", Evidence.Relations.Select(r => $"{r.From} {r.Kind} {r.To}"))}; " +
            $"claims {string.Join(" | ", Evidence.Claims.Select(c => $"{c.ClaimId} parties [{string.Join(",", c.Parties)}] adj {c.Adjudication?.Truth}@{c.Adjudication?.DecidedAt:MM-dd} " +
                string.Join(" ", c.Assertions.Select(a => $"{a.SourceId}:{a.Stance}/{a.Hedge}@{(a.ObservedAt - Day0).TotalDays}"))))}";
    }

    private static readonly Gen<(int Claim, int Source, int Stance, int Hedge, int Day)> Word =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 20]);

    private static readonly Gen<Case> Cases = Gen.Select(
        Gen.Select(Gen.Int[2, 6], Gen.Int[2, 6], Gen.Bool, Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5]).Nullable(0.5)),
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5]).Array[0, 4],
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 4]).Array[6, 6],
        Gen.Int[0, 4].Array[6, 6],
        Word.Array[0, 24],
        Gen.Select(Gen.Int[0, 1 << 12], Gen.Int[0, 63], Gen.Int[0, 22].Array[6, 6]),
        (shape, implies, sources, parties, words, world) => Build(shape, implies, sources, parties, words, world));

    private static Case Build(
        (int Claims, int QuestionSize, bool Closed, (int, int)? Negation) shape, (int, int)[] implies, (int Grade, int Group)[] sourceSpecs,
        int[] partyOf, (int Claim, int Source, int Stance, int Hedge, int Day)[] words, (int Pick, int Adjudicate, int[] Days) world)
    {
        var n = shape.Claims;
        var ids = Enumerable.Range(0, n).Select(i => $"c{i}").ToArray();
        var questions = new List<Question> { new("q", shape.Closed, ids.Take(Math.Min(shape.QuestionSize, n)).ToList()) };
        var relations = new List<ClaimRelation>();
        if (shape.Negation is var (x, y) && x % n != y % n) relations.Add(new(ids[x % n], RelationKind.Negates, ids[y % n]));
        // From a lower to a higher index only: no cycle.
        foreach (var (a, b) in implies.Where(e => e.Item1 % n != e.Item2 % n))
            relations.Add(new(ids[Math.Min(a % n, b % n)], RelationKind.Implies, ids[Math.Max(a % n, b % n)]));
        var graph = new ClaimGraph(questions, relations);

        var sources = sourceSpecs.Select((s, i) => Source($"s{i}", (Grade)s.Grade, s.Group < 4 ? [$"g{s.Group}"] : [])).ToArray();
        var truths = ConsistentWorlds(graph, ids);
        var truth = truths.Count == 0 ? null : truths[world.Pick % truths.Count];
        var lastDay = 22.0;
        var claims = ids.Select((id, i) =>
        {
            var said = words.Where(w => w.Claim % n == i).Select((w, k) =>
                Say(1000 * i + k, $"s{w.Source}", (Stance)w.Stance, (Hedge)w.Hedge, w.Day));
            var adjudication = truth is not null && (world.Adjudicate & (1 << i)) != 0
                ? new AdjudicationEvidence(i, truth[i] ? Truth.True : Truth.False, Day(world.Days[i]), null) : null;
            return Claim(sources, said, partyOf[i] < 4 ? [$"g{partyOf[i]}"] : [], adjudication: adjudication, asOfDay: lastDay) with { ClaimId = id };
        }).ToList();
        var days = words.Select(w => (double)w.Day).Concat(claims.Where(c => c.Adjudication is not null).Select(c => (c.Adjudication!.DecidedAt - Day0).TotalDays))
            .Append(0).Append(lastDay).Distinct().Order().ToArray();
        return new(new(claims, questions, relations), days);
    }

    /// <summary>Every assignment of truth to the claims that the questions and relations allow.</summary>
    private static List<bool[]> ConsistentWorlds(ClaimGraph graph, string[] ids)
    {
        var worlds = new List<bool[]>();
        for (var mask = 0; mask < 1 << ids.Length; mask++)
        {
            var t = ids.Select((_, i) => (mask & (1 << i)) != 0).ToArray();
            bool True(string id) => t[Array.IndexOf(ids, id)];
            var ok = graph.Sets.All(s => s.Members.Count(True) is var k && (s.Closed ? k == 1 : k <= 1))
                && ids.All(a => !True(a) || graph.Implied(a).All(True));
            if (ok) worlds.Add(t);
        }
        return worlds;
    }

    /// <summary>What the invariants forbid, in words; empty when they hold.</summary>
    internal static List<string> Violations(ClaimGraph graph, IReadOnlyList<ClaimAssessment> assessments)
    {
        var byId = assessments.ToDictionary(a => a.ClaimId);
        var found = new List<string>();
        foreach (var set in graph.Sets)
        {
            var confirmed = set.Members.Where(m => byId[m].Verdict == Verdict.Confirmed).ToList();
            if (confirmed.Count > 1) found.Add($"{set.Id}: {string.Join(", ", confirmed)} all CONFIRMED");
            foreach (var m in set.Members.Where(m => byId[m].Adjudication?.Truth == Truth.True))
            {
                foreach (var r in set.Members.Where(r => r != m && byId[r].Verdict != Verdict.Denied))
                    found.Add($"{m} adjudicated TRUE but its rival {r} is {byId[r].Verdict}");
            }
        }
        foreach (var a in assessments)
        {
            foreach (var b in graph.Implied(a.ClaimId))
            {
                if (a.Verdict == Verdict.Confirmed && byId[b].Verdict != Verdict.Confirmed) found.Add($"{a.ClaimId} CONFIRMED, it implies {b}, {byId[b].Verdict}");
                if (byId[b].Verdict == Verdict.Denied && a.Verdict != Verdict.Denied) found.Add($"{b} DENIED, {a.ClaimId} implies it and is {a.Verdict}");
            }
        }
        return found;
    }

    [Fact]
    public void The_invariants_hold_at_every_as_of_time()
    {
        var resolved = 0;
        Cases.Sample(c =>
        {
            var graph = new ClaimGraph(c.Evidence.Questions, c.Evidence.Relations);
            foreach (var day in c.AsOfDays)
            {
                var asOf = Day(day);
                var evidence = c.Evidence with
                {
                    Claims = [.. c.Evidence.Claims.Select(e => e with { AsOf = asOf, Adjudication = e.Adjudication?.DecidedAt <= asOf ? e.Adjudication : null })],
                };
                var assessments = QuestionScorer.Score(evidence, ScoringPolicy.Default);
                if (assessments.Any(a => a.Resolution is not null)) Interlocked.Increment(ref resolved);
                var violations = Violations(graph, assessments);
                Assert.True(violations.Count == 0, $"as of day {day}: {string.Join("; ", violations)}");
            }
        }, iter: 400, seed: null, threads: 2);
        // The generator reaches the resolution steps, so the property tests them and not only the flows.
        Assert.True(resolved > 50, $"only {resolved} as-of times needed a resolution step");
    }
}
