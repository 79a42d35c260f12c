using ClaimStatus.Cli;
using ClaimStatus.Contracts.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Cli;

/// <summary>watch against a server that stops under it: one line each time, a resumed stream, no stack trace.</summary>
public sealed class WatchReconnectTests : IAsyncLifetime
{
    readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "claimstatus-cli-watch-" + Guid.NewGuid().ToString("N"));
    WebApplication? _app;

    async Task<string> StartAsync(string url = "http://127.0.0.1:0")
    {
        _app = ServerApp.Create([], new Dictionary<string, string?>
        {
            ["Urls"] = url,
            ["Storage:DataFolder"] = _dataFolder,
            ["Watch:PollInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await _app.StartAsync();
        return _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    async Task StopAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    static async Task WaitForAsync(StringWriter writer, string text)
    {
        for (var i = 0; i < 300 && !writer.ToString().Contains(text); i++) await Task.Delay(100);
        Assert.Contains(text, writer.ToString());
    }

    static async Task ConfirmAsync(string address, string claim)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
        for (var i = 0; i < 3; i++)
        {
            var source = NewId($"s{i}");
            await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, NewId("group")) });
            await client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Supports, Day.AddDays(i)) });
        }
    }

    [Fact]
    public async Task Watch_reconnects_after_a_restart_and_prints_the_change_it_missed()
    {
        var address = await StartAsync();
        var claim = NewId("claim");
        using (var channel = GrpcChannel.ForAddress(address))
            await new ClaimStatusService.ClaimStatusServiceClient(channel).CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });

        var output = new LineSignalWriter();
        var error = new LineSignalWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var watch = ClaimStatus.Cli.Program.RunAsync(["watch", claim, "--server", address, "--reconnects", "20"], output, error, stop.Token);
        await output.FirstLine.WaitAsync(TimeSpan.FromSeconds(30));

        await StopAsync();
        await WaitForAsync(error, "watch interrupted: UNAVAILABLE: server shutting down");
        // A change stored while the watch is away, on the same data and port.
        address = await StartAsync(address);
        await ConfirmAsync(address, claim);
        await WaitForAsync(output, $"{claim} UNVERIFIED -> CONFIRMED");
        stop.Cancel();

        Assert.Equal(ExitCodes.Ok, await watch.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(output.ToString().Split('\n'), l => l.Contains("(current)"));
        Assert.DoesNotContain("   at ", error.ToString());
        Assert.All(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("watch interrupted: ", l));
    }

    [Fact]
    public async Task Watch_gives_up_with_one_line_when_the_server_stays_down()
    {
        var address = await StartAsync();
        var claim = NewId("claim");
        using (var channel = GrpcChannel.ForAddress(address))
            await new ClaimStatusService.ClaimStatusServiceClient(channel).CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });

        var output = new LineSignalWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watch = ClaimStatus.Cli.Program.RunAsync(["watch", claim, "--server", address, "--reconnects", "2"], output, error, stop.Token);
        await output.FirstLine.WaitAsync(TimeSpan.FromSeconds(30));
        await StopAsync();

        Assert.Equal(ExitCodes.Failed, await watch.WaitAsync(TimeSpan.FromSeconds(30)));
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("error: watch ended: ", lines[^1]);
        Assert.Contains("gave up after 2 reconnects", lines[^1]);
        Assert.DoesNotContain("   at ", error.ToString());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null) await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
