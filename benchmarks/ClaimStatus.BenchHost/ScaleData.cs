using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ClaimStatus.BenchHost;

/// <summary>The scale benchmark's data (benchmarks/scale.sh): 1 M claims, 50 k sources, ~10 M assertions, generated
/// on the fly from a seed. Every claim draws from its own generator seeded by (seed, claim index), so any range of
/// the stream can be produced without producing what comes before it, and nothing is held in memory but one claim.
/// Skew: five wire services speak on most claims (each with its own chance per claim); every other word comes from
/// a Zipf distribution over the 50 k sources; most claims have 3-30 assertions (mean ~8), one in a thousand has
/// 1,000 or more (mean ~1,800); a tenth of the claims (index divisible by 10) are adjudicated.</summary>
public sealed class ScaleData(ulong seed, int claims = 1_000_000, int sources = 50_000)
{
    public int Claims => claims;
    public int Sources => sources;

    /// <summary>The wire services' chance to speak on a claim: sources 0-4.</summary>
    static readonly double[] WireChance = [0.85, 0.70, 0.55, 0.40, 0.30];
    static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly Stance[] Stances = [Stance.Supports, Stance.Supports, Stance.Supports, Stance.Refutes, Stance.Refutes, Stance.CannotConfirm, Stance.Reports];
    static readonly Hedge[] Hedges = [Hedge.Certain, Hedge.Probable, Hedge.Probable, Hedge.Possible];
    static readonly EvidenceKind[] Evidence = [EvidenceKind.OfficialStatement, EvidenceKind.NewsReport, EvidenceKind.NewsReport, EvidenceKind.OpenSource, EvidenceKind.Eyewitness, EvidenceKind.Document];
    static readonly SourceKind[] Kinds = [SourceKind.Government, SourceKind.NewsAgency, SourceKind.NewsOutlet, SourceKind.NewsOutlet, SourceKind.Ngo, SourceKind.Individual, SourceKind.Military];

    // Cumulative Zipf(1.1) weights over the non-wire sources, for a binary search per draw.
    readonly double[] _zipf = ZipfTable(sources - WireChance.Length, 1.1);

    public static string ClaimId(int c) => $"claim-{c:0000000}";
    public static string SourceId(int s) => $"src-{s:00000}";
    public static bool Adjudicated(int c) => c % 10 == 0;

    /// <summary>When a claim's first word is observed: claims spread evenly over 2025, in index order.</summary>
    public DateTimeOffset ClaimStart(int c) => Start.AddSeconds((double)c * 360 * 86_400 / claims);

    public Source Source(int s)
    {
        var r = new SplitMix(seed ^ 0x5eed5eedUL, (ulong)s);
        return new Source
        {
            Id = SourceId(s), Name = s < WireChance.Length ? $"Wire service {s}" : $"Source {s}",
            Kind = s < WireChance.Length ? SourceKind.NewsAgency : Kinds[r.Below(Kinds.Length)],
            Reliability = (Reliability)(1 + r.Below(6)),
            Groups = { $"group-{s % 2_000:0000}" },
        };
    }

    public Claim Claim(int c) => new() { Id = ClaimId(c), Text = $"Generated claim {c}.", Topics = { $"topic-{c % 200:000}" } };

    /// <summary>How many assertions claim c has (the same draw as <see cref="Assertions"/> makes first).</summary>
    public int Count(int c)
    {
        var r = new SplitMix(seed, (ulong)c);
        return DrawCount(ref r);
    }

    static int DrawCount(ref SplitMix r)
    {
        if (r.Below(1_000) == 0) return 1_000 + (int)(-Math.Log(1 - r.Unit()) * 800);
        return Math.Min(30, 3 + (int)(-Math.Log(1 - r.Unit()) * 5.65));
    }

    /// <summary>Claim c's assertions in order; the first <paramref name="skip"/> are drawn but not returned.</summary>
    public IEnumerable<Assertion> Assertions(int c, int skip = 0)
    {
        var r = new SplitMix(seed, (ulong)c);
        var count = DrawCount(ref r);
        var claimId = ClaimId(c);
        var t0 = ClaimStart(c);
        var k = 0;
        for (var w = 0; w < WireChance.Length && k < count; w++)
        {
            if (r.Unit() >= WireChance[w]) continue;
            var a = Word(ref r, claimId, w, t0, k);
            if (k++ >= skip) yield return a;
        }
        for (; k < count; k++)
        {
            var a = Word(ref r, claimId, WireChance.Length + Zipf(ref r), t0, k);
            // A quarter of the other words arrive through a wire service.
            if (r.Below(4) == 0) a.ReportedVia = SourceId(r.Below(WireChance.Length));
            if (k >= skip) yield return a;
        }
    }

    Assertion Word(ref SplitMix r, string claimId, int source, DateTimeOffset t0, int k) => new()
    {
        ClaimId = claimId, SourceId = SourceId(source), Key = $"k{k}",
        Stance = Stances[r.Below(Stances.Length)], Hedge = Hedges[r.Below(Hedges.Length)], Evidence = Evidence[r.Below(Evidence.Length)],
        ObservedAt = Timestamp.FromDateTimeOffset(t0.AddSeconds(60.0 * k + r.Below(60))),
    };

    /// <summary>Decided a day before the claim's first word: see benchmarks/SCALE.md, "Adjudications", for why
    /// the main import's decisions teach no learned record.</summary>
    public Adjudication Adjudication(int c) => new()
    {
        ClaimId = ClaimId(c), Truth = new SplitMix(seed ^ 0xad1dUL, (ulong)c).Below(2) == 0 ? Truth.True : Truth.False,
        DecidedAt = Timestamp.FromDateTimeOffset(ClaimStart(c).AddDays(-1)), Note = "scale benchmark",
    };

    int Zipf(ref SplitMix r)
    {
        var i = Array.BinarySearch(_zipf, r.Unit() * _zipf[^1]);
        return Math.Min(i < 0 ? ~i : i, _zipf.Length - 1);
    }

    static double[] ZipfTable(int n, double exponent)
    {
        var table = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++) table[i] = sum += Math.Pow(i + 1, -exponent);
        return table;
    }

    /// <summary>SplitMix64: small, fast and the same on every runtime, unlike System.Random's seeded sequence.</summary>
    struct SplitMix(ulong seed, ulong stream)
    {
        ulong _state = seed * 0x9E3779B97F4A7C15UL + stream * 0xD1B54A32D192ED03UL;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double Unit() => (Next() >> 11) * (1.0 / (1UL << 53));
        public int Below(int n) => (int)(Next() % (ulong)n);
    }
}
