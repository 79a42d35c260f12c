using System.Diagnostics;
using System.Text.RegularExpressions;
using ClaimStatus.Cli.Scenario;
using CsCheck;
using Xunit.Abstractions;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>Property of the import parser and validator, in process: any text at all is either a file
/// without errors (which then maps to contract messages) or a ScenarioInvalidException whose every error
/// names an entry and field; nothing else is ever thrown. A valid file has no errors; a file broken in one
/// field for certain names that field.</summary>
public sealed partial class ScenarioFileTests(ITestOutputHelper output)
{
    /// <summary>"(file)", "format", "sources[3]", "assertions[0].observed_at", "claims[1].topics[2]".</summary>
    [GeneratedRegex(@"^(\(file\)|[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*)$")]
    private static partial Regex FieldPath();

    [Fact]
    public void Any_file_is_accepted_or_refused_with_errors_naming_entry_and_field()
    {
        var tried = new Dictionary<Expectation, int>();
        var watch = Stopwatch.StartNew();
        ScenarioGen.Cases.Sample(c =>
        {
            lock (tried) tried[c.Expect] = tried.GetValueOrDefault(c.Expect) + 1;
            var errors = ParseAndValidate(c.Json);
            Assert.All(errors, e =>
            {
                Assert.Matches(FieldPath(), e.Field);
                Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{e.Field} has no message");
            });
            switch (c.Expect)
            {
                case Expectation.Success:
                    Assert.True(errors.Count == 0, "a valid file was refused: " + string.Join("; ", errors));
                    break;
                case Expectation.InvalidField:
                    Assert.True(errors.Any(e => e.Field == c.Field), $"expected an error naming {c.Field}, got: " + string.Join("; ", errors));
                    break;
            }
        }, iter: FuzzBudget.Iterations(400), threads: 2);
        output.WriteLine($"scenario files: {tried.Values.Sum()} inputs ({string.Join(", ", tried.Select(t => $"{t.Key} {t.Value}"))}) in {watch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The import's first two steps; a file they accept is mapped as the importer would send it.</summary>
    public static IReadOnlyList<ScenarioError> ParseAndValidate(string json)
    {
        ScenarioFile file;
        try
        {
            file = ScenarioFile.Parse(json);
        }
        catch (ScenarioInvalidException ex)
        {
            Assert.NotEmpty(ex.Errors);
            return ex.Errors;
        }
        var check = ScenarioValidator.Validate(file, DateTimeOffset.UtcNow);
        if (check.Errors.Count == 0)
        {
            foreach (var s in file.Sources!) ScenarioMapping.ToSource(s!);
            foreach (var c in file.Claims!) ScenarioMapping.ToClaim(c!);
            foreach (var a in file.Assertions!) ScenarioMapping.ToAssertion(a!);
            foreach (var j in file.Adjudications ?? []) ScenarioMapping.ToAdjudication(j!);
        }
        return check.Errors;
    }
}
