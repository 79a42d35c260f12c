using ClaimStatus.Server.Tests.Grpc;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>The real server with bearer tokens required, trusting the key of its own <see cref="TestIssuer"/>.</summary>
public class JwtServerFixture : ServerFixture, IAsyncLifetime
{
    public JwtServerFixture() : this(new Dictionary<string, string?>()) { }

    protected JwtServerFixture(IDictionary<string, string?> extraSettings) : this(new TestIssuer(), extraSettings) { }

    JwtServerFixture(TestIssuer issuer, IDictionary<string, string?> extraSettings)
        : base(issuer.Settings.Concat(extraSettings).ToDictionary())
    {
        Issuer = issuer;
    }

    public TestIssuer Issuer { get; }

    // Re-implemented so the key file goes with the server.
    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Issuer.Dispose();
    }

    public global::Grpc.Core.Metadata As(string subject, string scopes) => TestIssuer.Bearer(Issuer.Token(subject, scopes));
}

public sealed class AuthenticatedReflectionFixture() : JwtServerFixture(new Dictionary<string, string?> { ["Auth:Reflection"] = "Authenticated" });
