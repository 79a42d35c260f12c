using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace ClaimStatus.Server.Tests.Faults;

/// <summary>The real server on a data folder the test owns, so a fault can be done to its files and the server
/// started again on the same folder.</summary>
public sealed class FaultServer : IAsyncDisposable
{
    WebApplication? _app;
    GrpcChannel? _channel;

    FaultServer(string dataFolder) => DataFolder = dataFolder;

    public string DataFolder { get; }
    public string DatabasePath => Path.Combine(DataFolder, "claimstatus.db");
    public ClaimStatusService.ClaimStatusServiceClient Client { get; private set; } = null!;
    public Health.HealthClient Health { get; private set; } = null!;

    public static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "claimstatus-faults-" + Guid.NewGuid().ToString("N"));

    public static async Task<FaultServer> StartAsync(string dataFolder, params (string Key, string Value)[] settings)
    {
        var server = new FaultServer(dataFolder);
        var all = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataFolder"] = dataFolder,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings) all[key] = value;
        server._app = ServerApp.Create([], all);
        try
        {
            await server._app.StartAsync();
        }
        catch
        {
            await server._app.DisposeAsync();
            throw;
        }
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server._channel = GrpcChannel.ForAddress(address);
        server.Client = new ClaimStatusService.ClaimStatusServiceClient(server._channel);
        server.Health = new Health.HealthClient(server._channel);
        return server;
    }

    public async Task<ServingStatus> StatusAsync(string service = "") =>
        (await Health.CheckAsync(new HealthCheckRequest { Service = service })).Status;

    /// <summary>Polls readiness until it reports the status, for at most ten seconds (results are reused for one).</summary>
    public async Task<ServingStatus> WaitForAsync(ServingStatus wanted, string service = "")
    {
        var clock = Stopwatch.StartNew();
        var status = await StatusAsync(service);
        for (var i = 0; i < 50 && status != wanted && clock.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            await Task.Delay(200);
            status = await StatusAsync(service);
        }
        return status;
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Runs the published server as its own process, as an operator would, from the temporary folder, and
    /// waits for it to exit or, with <paramref name="until"/>, for that text on its output (then stops it).</summary>
    /// <param name="verb">A command such as "repair", given before the settings.</param>
    /// <param name="user">Run as this (non-root) user instead of the test's own.</param>
    public static async Task<(int ExitCode, string Out, string Error)> RunProcessAsync(string dataFolder, TimeSpan limit, string? verb = null,
        string? user = null, string? until = null, params string[] settings)
    {
        var start = new ProcessStartInfo(user is null ? "dotnet" : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (user is not null)
            foreach (var arg in new[] { "-u", user, "--", "dotnet" }) start.ArgumentList.Add(arg); // the user's own group(s), as a login would
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ClaimStatus.Server.dll"));
        if (verb is not null) start.ArgumentList.Add(verb);
        foreach (var arg in new[] { "--Urls", "http://127.0.0.1:0", "--Storage:DataFolder", dataFolder }.Concat(settings))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var seen = new TaskCompletionSource();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (output)
            {
                output.AppendLine(line.Data);
                if (until is not null && output.ToString().Contains(until, StringComparison.Ordinal)) seen.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        var exited = process.WaitForExitAsync(timeout.Token);
        try
        {
            await (until is null ? exited : Task.WhenAny(exited, seen.Task).Unwrap());
        }
        catch (OperationCanceledException)
        {
        }
        var exitCode = process.HasExited ? process.ExitCode : -1; // -1: stopped here, after the limit or the text
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        var errors = await error;
        lock (output) return (exitCode, output.ToString(), errors);
    }
}
