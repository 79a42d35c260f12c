using ClaimStatus.BenchHost.V1;
using Grpc.Core;

namespace ClaimStatus.BenchHost;

/// <summary>The empty call: what a unary call costs through this host before any of the service's own work.</summary>
public sealed class BenchService : Bench.BenchBase
{
    static readonly Task<EmptyReply> Reply = Task.FromResult(new EmptyReply());

    public override Task<EmptyReply> Empty(EmptyRequest request, ServerCallContext context) => Reply;
}
