using ClaimStatus.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>Kestrel's own default, for comparison with the service's.</summary>
public sealed class HundredStreamsServer() : ServerFixture(new Dictionary<string, string?>
{
    ["Kestrel:Limits:Http2:MaxStreamsPerConnection"] = "100",
});

/// <summary>Each open watch holds a stream of its HTTP/2 connection. With Kestrel's default of 100 streams per
/// connection, a client on one connection that holds 100 watches cannot make another call until one ends; the
/// service's default (Kestrel:Limits:Http2:MaxStreamsPerConnection, 1000 in appsettings.json) leaves room.</summary>
public sealed class ConnectionLimitTests(ServerFixture shipped, HundredStreamsServer kestrelDefault)
    : IClassFixture<ServerFixture>, IClassFixture<HundredStreamsServer>
{
    [Fact]
    public async Task A_call_beside_150_open_watches_on_one_connection_completes()
    {
        var reply = await CallBesideWatchesAsync(shipped.Address, watches: 150);
        Assert.Equal(StatusCode.OK, reply);
    }

    [Fact]
    public async Task At_100_streams_per_connection_the_call_beside_100_watches_waits_past_its_deadline()
    {
        var reply = await CallBesideWatchesAsync(kestrelDefault.Address, watches: 100);
        Assert.Equal(StatusCode.DeadlineExceeded, reply);
    }

    static async Task<StatusCode> CallBesideWatchesAsync(string address, int watches)
    {
        // One connection, as most gRPC clients keep (grpc-dotnet's own handler would open a second one instead).
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
        });
        var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
        var claim = NewId("c");
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        var open = new List<AsyncServerStreamingCall<WatchStatusResponse>>();
        try
        {
            for (var i = 0; i < watches; i++)
            {
                var watch = client.WatchStatus(new WatchStatusRequest { ClaimIds = { claim } });
                open.Add(watch);
                Assert.True(await watch.ResponseStream.MoveNext()); // the initial status: the stream is open on the server
            }
            await client.GetClaimAsync(new GetClaimRequest { Id = claim }, deadline: DateTime.UtcNow.AddSeconds(5));
            return StatusCode.OK;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return e.StatusCode;
        }
        finally
        {
            foreach (var watch in open) watch.Dispose();
        }
    }
}
