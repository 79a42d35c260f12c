using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

public sealed class ShutdownTests
{
    const int Watches = 200;

    [Fact]
    public async Task Stopping_ends_every_open_watch_with_unavailable_within_the_grace_period()
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "claimstatus-shutdown-" + Guid.NewGuid().ToString("N"));
        var app = ServerApp.Create([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:DataFolder"] = dataFolder,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kestrel:Limits:Http2:MaxStreamsPerConnection"] = "1000",
        });
        try
        {
            await app.StartAsync();
            var grace = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
            Assert.True(grace <= TimeSpan.FromSeconds(5), $"default grace period {grace}");
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var channel = GrpcChannel.ForAddress(address);
            var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
            var claim = NewId("c");
            await client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var calls = Enumerable.Range(0, Watches)
                .Select(_ => client.WatchStatus(new WatchStatusRequest { ClaimIds = { claim } }, cancellationToken: cts.Token)).ToList();
            foreach (var call in calls) Assert.True(await call.ResponseStream.MoveNext(cts.Token));
            var ends = calls.Select(call => EndOfAsync(call, cts.Token)).ToList();

            var stopping = Stopwatch.StartNew();
            await app.StopAsync(CancellationToken.None);
            stopping.Stop();

            var codes = await Task.WhenAll(ends);
            Assert.All(codes, c => Assert.Equal((StatusCode.Unavailable, true), (c.Code, c.Detail.Contains("resume_after"))));
            Assert.True(stopping.Elapsed < grace, $"stopping took {stopping.Elapsed}, the grace period is {grace}");
            foreach (var call in calls) call.Dispose();
        }
        finally
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataFolder)) Directory.Delete(dataFolder, recursive: true);
        }
    }

    static async Task<(StatusCode Code, string Detail)> EndOfAsync(AsyncServerStreamingCall<WatchStatusResponse> call, CancellationToken ct)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(ct)) { }
            return (StatusCode.OK, "");
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Status.Detail);
        }
    }
}
