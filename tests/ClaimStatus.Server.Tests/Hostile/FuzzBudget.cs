namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>How many inputs each property tries: a moderate count in the unit suite, more when
/// CLAIMSTATUS_FUZZ_ITER is set (benchmarks/fuzz.sh runs the same properties at volume).</summary>
public static class FuzzBudget
{
    public static long Iterations(long unitSuiteDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("CLAIMSTATUS_FUZZ_ITER"), out var n) && n > 0 ? n : unitSuiteDefault;
}
