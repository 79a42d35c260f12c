using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Grpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using System.Security.Cryptography.X509Certificates;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>The real server on an HTTPS loopback endpoint asking for client certificates issued by a test CA.</summary>
public sealed class CertificateServerFixture : ServerFixture, IAsyncLifetime
{
    static readonly string Folder = Directory.CreateTempSubdirectory("claimstatus-mtls-").FullName;

    public CertificateServerFixture() : this(new TestPki("ClaimStatus Test CA")) { }

    CertificateServerFixture(TestPki pki) : base(CertificateSettings(pki)) => Pki = pki;

    public TestPki Pki { get; }

    static Dictionary<string, string?> CertificateSettings(TestPki pki) => new(pki.HttpsSettings(Folder))
    {
        ["Auth:Certificates:TrustedCaFiles:0"] = pki.WriteAuthorityPem(Folder),
        // The test CA publishes no revocation list.
        ["Auth:Certificates:RevocationMode"] = "NoCheck",
        ["Auth:Certificates:Identities:ingest.internal:Scopes:0"] = "claims.read",
        ["Auth:Certificates:Identities:ingest.internal:Scopes:1"] = "claims.write",
        ["Auth:Certificates:Identities:analyst:Subjects:0"] = "analyst.svc.internal",
        ["Auth:Certificates:Identities:analyst:Scopes:0"] = "claims.adjudicate",
    };

    public ClaimStatusService.ClaimStatusServiceClient ClientWith(X509Certificate2? certificate) =>
        new(GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = Pki.Handler(certificate) }));

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Pki.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

public sealed class CertificateAuthenticationTests(CertificateServerFixture server) : IClassFixture<CertificateServerFixture>
{
    [Fact]
    public async Task A_certificate_named_by_its_common_name_gets_the_configured_scopes()
    {
        using var certificate = server.Pki.IssueClient("ingest.internal");
        var client = server.ClientWith(certificate);
        var source = await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Builders.Source(Builders.NewId("mtls")) });
        Assert.StartsWith("mtls-", source.Id);

        var ex = await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => client.RecordAdjudicationAsync(new RecordAdjudicationRequest()).ResponseAsync);
        Assert.Contains("needs scope 'claims.adjudicate', which 'ingest.internal' does not have", ex.Status.Detail);
    }

    [Fact]
    public async Task A_certificate_named_by_a_subject_alternative_name_is_that_identity()
    {
        using var certificate = server.Pki.IssueClient("Some Analyst", "analyst.svc.internal");
        var client = server.ClientWith(certificate);
        // Past authentication and authorisation: the empty request itself is what is wrong.
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => client.RecordAdjudicationAsync(new RecordAdjudicationRequest()).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => client.ListSourcesAsync(new ListSourcesRequest()).ResponseAsync);
    }

    [Fact]
    public async Task Without_a_certificate_calls_are_unauthenticated_but_health_answers()
    {
        var client = server.ClientWith(null);
        var ex = await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => client.ListSourcesAsync(new ListSourcesRequest()).ResponseAsync);
        Assert.Contains("client certificate", ex.Status.Detail);

        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = server.Pki.Handler(null) });
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_certificate_from_another_authority_is_unauthenticated()
    {
        using var stranger = new TestPki("Some Other CA");
        using var certificate = stranger.IssueClient("ingest.internal");
        var ex = await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.ClientWith(certificate).ListSourcesAsync(new ListSourcesRequest()).ResponseAsync);
        Assert.Contains("client certificate was rejected", ex.Status.Detail);
    }

    [Fact]
    public async Task A_trusted_certificate_of_no_configured_identity_is_unauthenticated()
    {
        using var certificate = server.Pki.IssueClient("intruder.internal");
        var ex = await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.ClientWith(certificate).ListSourcesAsync(new ListSourcesRequest()).ResponseAsync);
        Assert.Contains("no configured identity matches", ex.Status.Detail);
    }
}
