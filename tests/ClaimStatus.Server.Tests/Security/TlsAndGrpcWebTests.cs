using System.Net;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Grpc;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>The real server on one HTTPS loopback port (certificate made at test time, no client certificates).</summary>
public sealed class TlsServerFixture : ServerFixture, IAsyncLifetime
{
    static readonly string Folder = Directory.CreateTempSubdirectory("claimstatus-tls-").FullName;

    public TlsServerFixture() : this(new TestPki("ClaimStatus TLS Test CA")) { }

    TlsServerFixture(TestPki pki) : base(pki.HttpsSettings(Folder)) => Pki = pki;

    public TestPki Pki { get; }

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Pki.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>Notes the HTTP version of every response, so a test can tell which protocol ALPN chose; given a version,
/// it asks for exactly that one, as a browser's fetch over HTTP/1.1 would.</summary>
sealed class VersionRecorder(HttpMessageHandler inner, Version? only = null) : DelegatingHandler(inner)
{
    public List<Version> Seen { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (only is not null) (request.Version, request.VersionPolicy) = (only, HttpVersionPolicy.RequestVersionExact);
        var response = await base.SendAsync(request, cancellationToken);
        lock (Seen) Seen.Add(response.Version);
        return response;
    }
}

public sealed class TlsAndGrpcWebTests(TlsServerFixture server) : IClassFixture<TlsServerFixture>
{
    [Fact]
    public async Task One_tls_port_serves_grpc_over_h2_and_grpc_web_over_http_1_1()
    {
        var h2 = new VersionRecorder(server.Pki.Handler(null));
        using var grpcChannel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = h2 });
        var grpc = new ClaimStatusService.ClaimStatusServiceClient(grpcChannel);
        var web = new VersionRecorder(server.Pki.Handler(null), HttpVersion.Version11);
        using var webChannel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, web) });
        var browserLike = new ClaimStatusService.ClaimStatusServiceClient(webChannel);

        var id = NewId("tls");
        var created = await browserLike.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(id) });
        var status = await grpc.GetStatusAsync(new GetStatusRequest { ClaimId = id });
        var again = await browserLike.GetStatusAsync(new GetStatusRequest { ClaimId = id, View = StatusView.Full });

        Assert.StartsWith("https://", server.Address);
        Assert.Equal((id, Status.Unverified, Status.Unverified), (created.Id, status.Status, again.Status));
        Assert.All(web.Seen, v => Assert.Equal(HttpVersion.Version11, v));
        Assert.All(h2.Seen, v => Assert.Equal(HttpVersion.Version20, v));
        Assert.Equal((2, 1), (web.Seen.Count, h2.Seen.Count));
    }

    [Fact]
    public async Task The_same_tls_port_serves_http_json_over_http_1_1_and_h2()
    {
        var id = NewId("tlsjson");
        using var http11 = Api.JsonServer.Client(server.Address, server.Pki.Handler(null));
        using var h2 = Api.JsonServer.Client(server.Address, server.Pki.Handler(null));
        h2.DefaultRequestVersion = HttpVersion.Version20;

        var created = await Api.JsonServer.SendAsync(http11, HttpMethod.Post, "/v1/claims", new { id, text = "Over TLS" });
        var read = await Api.JsonServer.SendAsync(h2, HttpMethod.Get, $"/v1/claims/{id}");

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (created.Code, created.Response.Version));
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (read.Code, read.Response.Version));
        Assert.Equal("Over TLS", read.Body.GetProperty("text").GetString());
    }
}
