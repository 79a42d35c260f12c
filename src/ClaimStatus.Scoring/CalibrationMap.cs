namespace ClaimStatus.Scoring;

/// <summary>How a calibration map turns the evidence probability into a frequency.</summary>
public enum CalibrationMethod
{
    /// <summary>The evidence probability as it is.</summary>
    Identity,
    /// <summary>sigma(A logit P + C): a slope and a shift on the log-odds (B = A).</summary>
    Platt,
    /// <summary>sigma(A ln P - B ln(1 - P) + C): Platt with the two tails scaled apart.</summary>
    Beta,
    /// <summary>Monotone, piecewise linear through the knots (pool-adjacent-violators block means), flat beyond the ends.</summary>
    Isotonic,
    /// <summary>A step per bin: P up to a knot's <see cref="CalibrationKnot.Probability"/> reads its value.</summary>
    Binned,
}

/// <summary>A point of a table map: for <see cref="CalibrationMethod.Isotonic"/> a knot of the line, for
/// <see cref="CalibrationMethod.Binned"/> a bin's upper edge and the share true in it.</summary>
public readonly record struct CalibrationKnot(double Probability, double Calibrated);

/// <summary>A monotone map from the evidence probability P (the subjective-logic projection the thresholds read) to the
/// probability the engine serves for an ungraded claim: what share of such claims proved true. Its method and numbers are
/// part of the policy (ScoringPolicy.UngradedCalibration), fitted by Evaluation/CalibrationFitter on adjudicated claims.</summary>
public sealed record CalibrationMap(CalibrationMethod Method, double A = 1, double B = 1, double C = 0, IReadOnlyList<CalibrationKnot>? Knots = null)
{
    public static CalibrationMap Identity { get; } = new(CalibrationMethod.Identity);

    // Keeps the log-odds finite at P = 0 or 1, which a silent or dogmatic-looking claim cannot reach anyway (MaxTrust < 1).
    private const double Edge = 1e-6;

    public double Apply(double p)
    {
        var knots = Knots ?? [];
        switch (Method)
        {
            case CalibrationMethod.Platt:
            case CalibrationMethod.Beta:
                var q = Math.Clamp(p, Edge, 1 - Edge);
                return 1 / (1 + Math.Exp(-(A * Math.Log(q) - B * Math.Log(1 - q) + C)));
            case CalibrationMethod.Isotonic when knots.Count > 0:
                if (p <= knots[0].Probability) return knots[0].Calibrated;
                for (var i = 1; i < knots.Count; i++)
                {
                    if (p > knots[i].Probability) continue;
                    var (lo, hi) = (knots[i - 1], knots[i]);
                    var t = hi.Probability > lo.Probability ? (p - lo.Probability) / (hi.Probability - lo.Probability) : 1;
                    return lo.Calibrated + t * (hi.Calibrated - lo.Calibrated);
                }
                return knots[^1].Calibrated;
            case CalibrationMethod.Binned when knots.Count > 0:
                foreach (var k in knots)
                {
                    if (p <= k.Probability) return k.Calibrated;
                }
                return knots[^1].Calibrated;
            default:
                return p;
        }
    }

    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return Method switch
        {
            CalibrationMethod.Platt => string.Create(inv, $"platt slope={A:0.000} intercept={C:0.000}"),
            CalibrationMethod.Beta => string.Create(inv, $"beta a={A:0.000} b={B:0.000} c={C:0.000}"),
            CalibrationMethod.Isotonic or CalibrationMethod.Binned => $"{Method.ToString().ToLowerInvariant()} "
                + string.Join(" ", (Knots ?? []).Select(k => string.Create(inv, $"{k.Probability:0.000}->{k.Calibrated:0.000}"))),
            _ => "identity",
        };
    }
}
