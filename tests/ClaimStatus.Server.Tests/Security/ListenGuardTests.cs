using System.Diagnostics;
using ClaimStatus.Server.Security;
using ClaimStatus.Server.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ClaimStatus.Server.Tests.Security;

public sealed class ListenGuardTests : IDisposable
{
    readonly string _dataFolder = Directory.CreateTempSubdirectory("claimstatus-guard-").FullName;

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:0", true)]
    [InlineData("https://[::1]:443", true)]
    [InlineData("http://unix:/run/claimstatus.sock", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    [InlineData("http://claimstatus.internal:5080", false)]
    public void Only_loopback_addresses_count_as_local(string url, bool loopback) =>
        Assert.Equal(loopback, ListenGuard.IsLoopback(url));

    [Theory]
    [InlineData("Urls", "http://0.0.0.0:0")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://[::]:0")]
    [InlineData("JsonUrls", "http://0.0.0.0:5081")]
    public void Without_auth_a_non_loopback_address_is_refused_in_one_line(string key, string url)
    {
        var ex = Assert.Throws<StartupRefusedException>(() => ServerApp.Create([], Settings((key, url))));
        Assert.Contains($"refusing to listen on {url} without authentication", ex.Message);
        Assert.Contains("Auth:AllowAnonymous=true", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0", "needs a fixed port of its own")]
    [InlineData("http://127.0.0.1:5080", "needs a fixed port of its own")]
    [InlineData("not a url", "is not an address")]
    public void A_json_port_that_cannot_be_told_from_the_grpc_ports_is_refused(string jsonUrl, string message)
    {
        var ex = Assert.Throws<StartupRefusedException>(() => ServerApp.Create([], Settings(("Urls", "http://127.0.0.1:5080"), ("JsonUrls", jsonUrl))));
        Assert.Contains("JsonUrls", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Theory]
    [InlineData("Auth:Jwt:Issuer", "https://issuer.test", "Auth:Jwt:Audience is required")]
    [InlineData("Auth:Certificates:Identities:x:Scopes:0", "claims.everything", "'claims.everything' is not one of")]
    public void An_incomplete_auth_section_is_refused_naming_the_key(string key, string value, string message)
    {
        var ex = Assert.Throws<StartupRefusedException>(() => ServerApp.Create([], Settings((key, value))));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Anonymous_access_cannot_be_allowed_beside_configured_auth()
    {
        var ex = Assert.Throws<StartupRefusedException>(() => ServerApp.Create([], Settings(
            ("Auth:AllowAnonymous", "true"), ("Auth:Certificates:Identities:x:Scopes:0", "claims.read"))));
        Assert.Contains("contradicts", ex.Message);
    }

    [Fact]
    public async Task Loopback_without_auth_starts_and_warns_that_it_is_unauthenticated()
    {
        var warnings = await StartAndCollectWarningsAsync(Settings(("Urls", "http://127.0.0.1:0")));
        Assert.Single(warnings, w => w.Contains("Unauthenticated: ClaimStatus listens on loopback only"));
    }

    [Fact]
    public async Task Allowed_anonymous_access_on_every_interface_starts_and_warns()
    {
        var warnings = await StartAndCollectWarningsAsync(Settings(("Urls", "http://0.0.0.0:0"), ("Auth:AllowAnonymous", "true")));
        Assert.Single(warnings, w => w.Contains("Auth:AllowAnonymous=true, so anyone who can reach http://0.0.0.0:0"));
    }

    [Fact]
    public async Task The_server_process_refuses_with_one_line_on_stderr_and_a_non_zero_exit()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ClaimStatus.Server.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { dll, "--urls", "http://0.0.0.0:0", "--Storage:DataFolder", _dataFolder },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail("the server did not exit within 60 s; it should have refused to start");
        }
        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("claimstatus: refusing to listen on http://0.0.0.0:0 without authentication", line);
        Assert.DoesNotContain(" at ", await stdout);
    }

    Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataFolder"] = _dataFolder,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings) all[key] = value;
        return all;
    }

    static async Task<List<string>> StartAndCollectWarningsAsync(Dictionary<string, string?> settings)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = ServerApp.Create([], settings, builder => builder.Logging.AddProvider(logs));
        await app.StartAsync();
        await app.StopAsync();
        return [.. logs.Lines.Where(l => l.Category.StartsWith("ClaimStatus.Server.Security", StringComparison.Ordinal)).Select(l => l.Message)];
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
