using ClaimStatus.Cli.Evaluation;
using ClaimStatus.Cli.Output;
using ClaimStatus.Contracts.V1;

namespace ClaimStatus.Server.Tests.Cli;

public sealed class MetricsTests
{
    const Status C = Status.Confirmed, D = Status.Denied, U = Status.Unverified;
    const int Ci = 0, Di = 1, Ui = 2;

    static Metrics From(params (Status Expected, Status Got, int Times)[] cells) =>
        new(cells.SelectMany(c => Enumerable.Repeat((c.Expected, c.Got), c.Times)));

    // expected\got   C  D  U
    //   C            3  0  1
    //   D            0  1  1
    //   U            2  0  2
    static readonly Metrics Mixed = From((C, C, 3), (C, U, 1), (D, D, 1), (D, U, 1), (U, U, 2), (U, C, 2));

    [Fact]
    public void The_confusion_matrix_counts_expected_by_got()
    {
        int[,] expected = { { 3, 0, 1 }, { 0, 1, 1 }, { 2, 0, 2 } };

        Assert.Equal(expected, Mixed.Confusion);
        Assert.Equal(10, Mixed.Count);
        Assert.Equal(4, Mixed.Support(Ci));
    }

    [Theory]
    [InlineData(Ci, 3.0 / 5, 3.0 / 4, 2.0 / 3)]
    [InlineData(Di, 1.0, 1.0 / 2, 2.0 / 3)]
    [InlineData(Ui, 2.0 / 4, 2.0 / 4, 1.0 / 2)]
    public void Precision_recall_and_f1_per_class(int c, double precision, double recall, double f1)
    {
        Assert.Equal(precision, Mixed.Precision(c), 9);
        Assert.Equal(recall, Mixed.Recall(c), 9);
        Assert.Equal(f1, Mixed.F1(c), 9);
    }

    [Fact]
    public void Accuracy_and_macro_f1()
    {
        Assert.Equal(0.6, Mixed.Accuracy, 9);
        Assert.Equal((2.0 / 3 + 2.0 / 3 + 0.5) / 3, Mixed.MacroF1, 9);
    }

    [Fact]
    public void A_class_never_answered_has_zero_precision_instead_of_dividing_by_zero()
    {
        var metrics = From((C, U, 2), (D, D, 1), (U, U, 1));

        Assert.Equal(0, metrics.Precision(Ci));
        Assert.Equal(0, metrics.F1(Ci));
        // UNVERIFIED: precision 1/3, recall 1, F1 1/2.
        Assert.Equal((0 + 1 + 0.5) / 3, metrics.MacroF1, 9);
    }

    [Fact]
    public void Macro_f1_averages_only_the_classes_that_occur()
    {
        var metrics = From((U, U, 3), (C, C, 1));

        Assert.Equal(1.0, metrics.MacroF1, 9);
    }

    [Fact]
    public void An_empty_evaluation_scores_zero()
    {
        var metrics = From();

        Assert.Equal(0, metrics.Accuracy);
        Assert.Equal(0, metrics.MacroF1);
    }

    [Fact]
    public void The_report_ends_with_the_summary_line()
    {
        var lines = Text.Evaluation(Mixed).Split('\n');

        Assert.Equal("accuracy=0.600 macro_f1=0.611 n=10", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("CONFIRMED") && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..4].SequenceEqual(["3", "0", "1"]));
    }
}
