using Xunit.Abstractions;
using Xunit.Sdk;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>A storage test, written once and run by every provider's test class. When the class is marked
/// <see cref="RequiresSqlServerAttribute"/> and no server is configured, the test reports Skipped with the reason.</summary>
[XunitTestCaseDiscoverer("ClaimStatus.Server.Tests.Storage.StoreFactDiscoverer", "ClaimStatus.Server.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a provider test class that needs the SQL Server named by <see cref="SqlServerTestDatabase.EnvironmentVariable"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresSqlServerAttribute : Attribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsServer = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresSqlServerAttribute).AssemblyQualifiedName!).Any();
        if (!needsServer || SqlServerTestDatabase.IsConfigured)
            return base.Discover(discoveryOptions, testMethod, factAttribute);
        return
        [
            new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, SqlServerTestDatabase.SkipReason),
        ];
    }
}
