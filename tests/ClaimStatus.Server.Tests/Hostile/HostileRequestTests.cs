using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Grpc;
using CsCheck;
using Xunit.Abstractions;
using static ClaimStatus.Server.Tests.Hostile.HostileParts;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>Property: whatever a caller sends to any method of the real server over HTTP/2, the answer is
/// success or a documented status (INVALID_ARGUMENT with a field violation naming a field, NOT_FOUND,
/// FAILED_PRECONDITION, ALREADY_EXISTS), never UNKNOWN or INTERNAL; a request broken in one field for
/// certain is INVALID_ARGUMENT naming that field; a valid request succeeds.</summary>
public sealed class HostileRequestTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    public static TheoryData<string> Methods => [.. HostileRequests.ByMethod.Keys];

    public async Task InitializeAsync()
    {
        // What valid requests refer to; storing it again is a replay.
        var client = server.Client;
        await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Builders.Source(SourceA) });
        await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Builders.Source(SourceB, Reliability.C) });
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = Builders.Claim(ClaimA, topics: ["t"]) });
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = Builders.Claim(ClaimForAdjudication) });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Every_request_gets_success_or_a_documented_error(string method)
    {
        var tried = new Dictionary<Expectation, int>();
        var watch = Stopwatch.StartNew();
        await HostileRequests.ByMethod[method].SampleAsync(async c =>
        {
            lock (tried) tried[c.Expect] = tried.GetValueOrDefault(c.Expect) + 1;
            await HostileOutcome.AssertAsync(c, server.Client);
        }, iter: FuzzBudget.Iterations(60), threads: 2);
        output.WriteLine($"{method}: {tried.Values.Sum()} inputs ({string.Join(", ", tried.Select(t => $"{t.Key} {t.Value}"))}) in {watch.Elapsed.TotalSeconds:F1} s");
    }
}
