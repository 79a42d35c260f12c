using ClaimStatus.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Cli.Evaluation;

/// <summary>
/// The real server, hosted in this process on a fresh SQLite database in a temporary folder and a free
/// loopback port; stopping it deletes the folder. Evaluate uses it so scores come from the server's own code.
/// </summary>
public sealed class EmbeddedServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string folder;

    private EmbeddedServer(WebApplication app, string folder, string address) => (this.app, this.folder, Address) = (app, folder, address);

    /// <summary>The bound base address, e.g. http://127.0.0.1:41234.</summary>
    public string Address { get; }

    public static async Task<EmbeddedServer> StartAsync(CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "claimstatus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var app = ServerApp.Create([], new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataFolder"] = folder,
            ["Urls"] = "http://127.0.0.1:0",
            // Plaintext gRPC needs HTTP/2 with prior knowledge; HTTP/1 is not offered on this endpoint.
            ["Kestrel:EndpointDefaults:Protocols"] = "Http2",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
        // With port 0 Kestrel picks a free port and reports it in the server's addresses.
        var address = app.Urls.First().TrimEnd('/');
        return new EmbeddedServer(app, folder, address);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        // Pooled connections keep the database files open.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the evaluation over it is not.
        }
    }
}
