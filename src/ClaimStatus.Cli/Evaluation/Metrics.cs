using ClaimStatus.Contracts.V1;

namespace ClaimStatus.Cli.Evaluation;

/// <summary>
/// Judgement quality over (expected, got) pairs: confusion matrix, per-class precision, recall and F1,
/// accuracy and macro-F1. A ratio with nothing to divide by counts as 0.
/// </summary>
public sealed class Metrics
{
    public static readonly IReadOnlyList<Status> Classes = [Status.Confirmed, Status.Denied, Status.Unverified];

    /// <summary>Rows are expected, columns got, both in <see cref="Classes"/> order.</summary>
    public int[,] Confusion { get; } = new int[3, 3];

    public int Count { get; }

    public Metrics(IEnumerable<(Status Expected, Status Got)> outcomes)
    {
        foreach (var (expected, got) in outcomes)
        {
            Confusion[Index(expected), Index(got)]++;
            Count++;
        }
    }

    public int Support(int c) => Row(c);

    public double Precision(int c) => Ratio(Confusion[c, c], Column(c));

    public double Recall(int c) => Ratio(Confusion[c, c], Row(c));

    public double F1(int c) => Ratio(2 * Precision(c) * Recall(c), Precision(c) + Recall(c));

    public double Accuracy => Ratio(Enumerable.Range(0, 3).Sum(c => Confusion[c, c]), Count);

    /// <summary>
    /// The mean F1 over the classes that occur as expected or got (as scikit-learn does), so a
    /// test set without DENIED claims is not marked down for a class nobody asked about.
    /// </summary>
    public double MacroF1
    {
        get
        {
            var present = Enumerable.Range(0, 3).Where(c => Row(c) + Column(c) > 0).ToList();
            return present.Count == 0 ? 0 : present.Average(F1);
        }
    }

    private int Row(int c) => Enumerable.Range(0, 3).Sum(j => Confusion[c, j]);

    private int Column(int c) => Enumerable.Range(0, 3).Sum(i => Confusion[i, c]);

    private static double Ratio(double part, double whole) => whole == 0 ? 0 : part / whole;

    private static int Index(Status status) => status switch
    {
        Status.Confirmed => 0,
        Status.Denied => 1,
        Status.Unverified => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "a judged status is CONFIRMED, DENIED or UNVERIFIED"),
    };
}
