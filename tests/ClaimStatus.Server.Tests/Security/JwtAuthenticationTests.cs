using System.Security.Cryptography;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Grpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace ClaimStatus.Server.Tests.Security;

public sealed class JwtAuthenticationTests(JwtServerFixture server) : IClassFixture<JwtServerFixture>
{
    [Theory]
    [MemberData(nameof(AnyMethod.Names), MemberType = typeof(AnyMethod))]
    public async Task Every_method_without_a_token_is_unauthenticated(string method)
    {
        var status = await AnyMethod.CallAsync(server.Channel.CreateCallInvoker(), method);
        Assert.True(status.StatusCode == StatusCode.Unauthenticated, $"{method}: {status}");
        Assert.Contains("authorization: Bearer", status.Detail);
    }

    [Fact]
    public async Task Health_is_serving_without_a_token()
    {
        var reply = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_is_open_by_default()
    {
        Assert.Contains("claimstatus.v1.ClaimStatusService", await ReflectionAccess.ListServicesAsync(server.Channel, []));
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", "expired at" },
        { "wrong audience", "audience must be 'claimstatus'" },
        { "wrong issuer", "issuer is not trusted" },
        { "unknown key", "signature does not verify" },
        { "garbage", "malformed" },
        { "no subject", "no 'sub' claim" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_unauthenticated_and_says_what_is_wrong(string kind, string message)
    {
        using var otherKey = RSA.Create(2048);
        var issuer = server.Issuer;
        var token = kind switch
        {
            "expired" => issuer.Token("alice", MethodScopesAll, expiresIn: TimeSpan.FromHours(-1)),
            "wrong audience" => issuer.Token("alice", MethodScopesAll, audience: "some-other-service"),
            "wrong issuer" => issuer.Token("alice", MethodScopesAll, issuer: "https://impostor.test"),
            "unknown key" => issuer.Token("alice", MethodScopesAll, signWith: otherKey),
            "garbage" => "not.a.token",
            "no subject" => issuer.Token("", MethodScopesAll),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var ex = await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.Client.ListSourcesAsync(new ListSourcesRequest(), TestIssuer.Bearer(token)).ResponseAsync);
        Assert.Contains(message, ex.Status.Detail);
    }

    [Fact]
    public async Task A_valid_token_is_let_in()
    {
        var reply = await server.Client.ListSourcesAsync(new ListSourcesRequest(), server.As("alice", "claims.read"));
        Assert.NotNull(reply);
    }

    [Fact]
    public async Task Scopes_may_come_as_an_scp_array()
    {
        var token = server.Issuer.Token("alice", "claims.write claims.read", scopeClaim: "scp");
        var source = await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Builders.Source(Builders.NewId("scp")) },
            TestIssuer.Bearer(token));
        Assert.StartsWith("scp-", source.Id);
    }

    const string MethodScopesAll = "claims.read claims.write claims.adjudicate";
}

public sealed class AuthenticatedReflectionTests(AuthenticatedReflectionFixture server) : IClassFixture<AuthenticatedReflectionFixture>
{
    [Fact]
    public async Task Reflection_needs_a_token_when_configured_so()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => ReflectionAccess.ListServicesAsync(server.Channel, []));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("claimstatus.v1.ClaimStatusService", await ReflectionAccess.ListServicesAsync(server.Channel, server.As("bob", "")));
    }
}

static class ReflectionAccess
{
    public static async Task<IReadOnlyList<string>> ListServicesAsync(global::Grpc.Net.Client.GrpcChannel channel, Metadata headers)
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(headers);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }
}
