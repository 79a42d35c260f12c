using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Security;
using Google.Rpc;
using Grpc.Core;

namespace ClaimStatus.Server.Tests.Security;

public sealed class MethodScopeTableTests
{
    [Fact]
    public void Every_method_of_the_contract_declares_a_known_scope_and_the_table_has_nothing_else()
    {
        var contract = ClaimStatusService.Descriptor.Methods.Select(m => m.Name).Order().ToList();
        Assert.Equal(contract, MethodScopes.ByMethod.Keys.Order().ToList());
        Assert.All(MethodScopes.ByMethod.Values, scope => Assert.Contains(scope, MethodScopes.All));
    }

    [Fact]
    public void Adjudications_need_their_own_scope_and_spend_the_write_budget()
    {
        var access = MethodScopes.For("/claimstatus.v1.ClaimStatusService/RecordAdjudication", Server.Security.ReflectionAccess.Open);
        Assert.Equal(MethodScopes.Adjudicate, access.Scope);
        Assert.False(access.IsRead);
    }

    [Fact]
    public void A_method_outside_the_table_is_undeclared_and_health_is_open()
    {
        Assert.Equal(MethodAccessKind.Undeclared, MethodScopes.For("/claimstatus.v1.ClaimStatusService/DropEverything", Server.Security.ReflectionAccess.Open).Kind);
        Assert.Equal(MethodAccessKind.Open, MethodScopes.For("/grpc.health.v1.Health/Check", Server.Security.ReflectionAccess.Authenticated).Kind);
    }

    [Fact]
    public void The_benchmark_hosts_empty_call_is_a_read()
    {
        var access = MethodScopes.For(MethodScopes.BenchEmpty, Server.Security.ReflectionAccess.Open);
        Assert.Equal(new MethodAccess(MethodAccessKind.Scoped, MethodScopes.Read), access);
        Assert.True(access.IsRead);
    }
}

public sealed class ScopeTests(JwtServerFixture server) : IClassFixture<JwtServerFixture>
{
    [Theory]
    [MemberData(nameof(AnyMethod.Names), MemberType = typeof(AnyMethod))]
    public async Task Every_method_without_its_scope_is_permission_denied_naming_the_scope(string method)
    {
        var needed = MethodScopes.ByMethod[method];
        var others = string.Join(' ', MethodScopes.All.Where(s => s != needed));
        var status = await AnyMethod.CallAsync(server.Channel.CreateCallInvoker(), method, server.As("carol", others));
        Assert.True(status.StatusCode == StatusCode.PermissionDenied, $"{method}: {status}");
        Assert.Contains($"needs scope '{needed}'", status.Detail);
        Assert.Contains("'carol'", status.Detail);
    }

    [Theory]
    [MemberData(nameof(AnyMethod.Names), MemberType = typeof(AnyMethod))]
    public async Task Every_method_with_its_scope_gets_past_authorisation(string method)
    {
        var status = await AnyMethod.CallAsync(server.Channel.CreateCallInvoker(), method, server.As("dave", MethodScopes.ByMethod[method]));
        Assert.True(status.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied), $"{method}: {status}");
    }

    [Fact]
    public async Task The_benchmark_hosts_empty_call_is_not_part_of_the_product()
    {
        // Declared in MethodScopes for benchmarks/ClaimStatus.BenchHost only: the product does not map it.
        var empty = new Method<byte[], byte[]>(MethodType.Unary, "claimstatus.bench.v1.Bench", "Empty", Bytes, Bytes);
        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Channel.CreateCallInvoker()
            .AsyncUnaryCall(empty, null, new CallOptions(server.As("dave", MethodScopes.Read)), []).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    [Fact]
    public async Task Permission_denied_carries_the_missing_scope_as_a_detail()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Client.RecordAdjudicationAsync(new RecordAdjudicationRequest(),
            server.As("erin", "claims.read claims.write")).ResponseAsync);
        var info = ex.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("claims.adjudicate", info.Metadata["scope"]);
    }
}
