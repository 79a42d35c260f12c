using Xunit.Abstractions;
using Xunit.Sdk;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>A storage test, written once and run by every provider's test class. When the class is marked
/// <see cref="RequiresSqlServerAttribute"/> and no server is configured, the test reports Skipped with the reason.</summary>
[XunitTestCaseDiscoverer("ClaimStatus.Server.Tests.Storage.StoreFactDiscoverer", "ClaimStatus.Server.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary><see cref="StoreFactAttribute"/> for a theory: every row of a provider's class is skipped together.</summary>
[XunitTestCaseDiscoverer("ClaimStatus.Server.Tests.Storage.StoreTheoryDiscoverer", "ClaimStatus.Server.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreTheoryAttribute : TheoryAttribute;

/// <summary>Names what Babelfish, the TDS stand-in the SQL Server tests may run on, cannot do for this test; on
/// Babelfish the SQL Server case reports Skipped with that reason, on SQL Server and SQLite the test runs. Every use
/// is listed in README.md.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BabelfishCannotAttribute(string reason) : Attribute
{
    public string Reason => reason;
}

/// <summary>The reasons given to <see cref="BabelfishCannotAttribute"/>, one per limitation.</summary>
public static class BabelfishLimits
{
    public const string JsonStringEscapes =
        "Babelfish 4.3's OPENJSON and JSON_VALUE return a string with its JSON escapes still in it: a double quote " +
        "comes back as \\\" and a backslash doubled (SQL Server returns the string itself)";

    public const string CancelsNoCommand =
        "Babelfish 4.3 does not act on a cancelled command's attention: the statement keeps waiting on the server, and " +
        "SqlClient's cancel returns only once it ends (SQL Server stops the command at once)";
}

/// <summary>Marks a provider test class that needs the SQL Server named by <see cref="SqlServerTestDatabase.EnvironmentVariable"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresSqlServerAttribute : Attribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        StoreSkips.Reason(testMethod) is { } skip
            ? [StoreSkips.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod, skip)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

public sealed class StoreTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        StoreSkips.Reason(testMethod) is { } skip
            ? [StoreSkips.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod, skip)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

static class StoreSkips
{
    /// <summary>Why a provider's case of a test cannot run here, or null when it runs.</summary>
    public static string? Reason(ITestMethod testMethod)
    {
        var needsServer = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresSqlServerAttribute).AssemblyQualifiedName!).Any();
        if (!needsServer) return null;
        if (!SqlServerTestDatabase.IsConfigured) return SqlServerTestDatabase.SkipReason;
        var cannot = testMethod.Method.GetCustomAttributes(typeof(BabelfishCannotAttribute).AssemblyQualifiedName!).FirstOrDefault();
        if (cannot is null || !SqlServerTestDatabase.IsBabelfishAsync().GetAwaiter().GetResult()) return null;
        return "Babelfish cannot run this: " + cannot.GetConstructorArguments().Single();
    }

    public static IXunitTestCase Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string reason) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason);
}
