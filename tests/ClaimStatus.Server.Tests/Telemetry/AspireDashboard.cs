using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace ClaimStatus.Server.Tests.Telemetry;

/// <summary>The standalone Aspire Dashboard (restored by this project's PackageDownload) on free loopback
/// ports, unsecured: it receives OTLP and answers /api/telemetry with what it received, as OTLP JSON.</summary>
public sealed class AspireDashboard : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly HttpClient _http;

    AspireDashboard(Process process, int uiPort, int otlpPort)
    {
        _process = process;
        Url = $"http://127.0.0.1:{uiPort}";
        OtlpGrpcUrl = $"http://127.0.0.1:{otlpPort}";
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
    }

    public string Url { get; }
    public string OtlpGrpcUrl { get; }

    public static string ExecutablePath => typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "AspireDashboard").Value!;

    public static async Task<AspireDashboard> StartAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"The Aspire Dashboard is not at {ExecutablePath}; restore the test project.");
        int uiPort = LoopbackPort.Free(), otlpPort = LoopbackPort.Free(), otlpHttpPort = LoopbackPort.Free();
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = Path.GetDirectoryName(ExecutablePath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{uiPort}";
        start.Environment["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpPort}";
        start.Environment["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpHttpPort}";
        start.Environment["DASHBOARD__FRONTEND__AUTHMODE"] = "Unsecured";
        start.Environment["DASHBOARD__OTLP__AUTHMODE"] = "Unsecured";
        start.Environment["DASHBOARD__API__AUTHMODE"] = "Unsecured";
        var dashboard = new AspireDashboard(Process.Start(start)!, uiPort, otlpPort);
        dashboard._process.OutputDataReceived += (_, e) => dashboard.Log(e.Data);
        dashboard._process.ErrorDataReceived += (_, e) => dashboard.Log(e.Data);
        dashboard._process.BeginOutputReadLine();
        dashboard._process.BeginErrorReadLine();
        try
        {
            await dashboard.WaitUntilAsync(async () => (await dashboard.TryGetAsync("/api/telemetry/traces")) is not null, "answer");
            return dashboard;
        }
        catch
        {
            dashboard.Dispose();
            throw;
        }
    }

    /// <summary>The trace as the dashboard holds it (OTLP JSON), or null while it has not received it.</summary>
    public async Task<JsonDocument?> TraceAsync(string traceId) => await TryGetAsync("/api/telemetry/traces/" + traceId);

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (_process.HasExited) Assert.Fail($"The dashboard exited with {_process.ExitCode}:\n{Output}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"The dashboard did not {what} in 60 s:\n{Output}");
            await Task.Delay(200);
        }
    }

    string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    void Log(string? line)
    {
        if (line is not null) lock (_output) _output.AppendLine(line);
    }

    async Task<JsonDocument?> TryGetAsync(string path)
    {
        try
        {
            using var response = await _http.GetAsync(path);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
