using ClaimStatus.Contracts.V1;
using ClaimStatus.Server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>The real service on a loopback port over HTTP/2, on its own SQLite file, with the generated client.</summary>
public class ServerFixture : IAsyncLifetime
{
    readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "claimstatus-tests-" + Guid.NewGuid().ToString("N"));
    readonly Dictionary<string, string?> _settings;
    WebApplication? _app;
    GrpcChannel? _channel;

    public ServerFixture() : this(new Dictionary<string, string?>()) { }

    protected ServerFixture(IDictionary<string, string?> extraSettings)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataFolder"] = _dataFolder,
            ["Watch:PollInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extraSettings) _settings[key] = value;
    }

    public string Address { get; private set; } = "";
    public ClaimStatusService.ClaimStatusServiceClient Client { get; private set; } = null!;
    public GrpcChannel Channel => _channel!;
    public IServiceProvider Services => _app!.Services;

    /// <summary>The provider's settings, for subclasses to complete before the server starts.</summary>
    protected IDictionary<string, string?> Settings => _settings;

    /// <summary>For subclasses that change the server's services (a store decorated for a test) before it is built.</summary>
    protected virtual void Configure(WebApplicationBuilder builder) { }

    public virtual async Task InitializeAsync()
    {
        _app = ServerApp.Create([], _settings, Configure);
        await _app.StartAsync();
        Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _channel = GrpcChannel.ForAddress(Address);
        Client = new ClaimStatusService.ClaimStatusServiceClient(_channel);
    }

    public virtual async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
