namespace ClaimStatus.Server;

/// <summary>Builds the service's web application, so tests and the CLI's evaluate can host it in-process.</summary>
public static class ServerApp
{
    /// <param name="settings">Configuration that overrides appsettings and the environment (e.g. "Storage:DataFolder").</param>
    public static WebApplication Create(string[] args, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var app = builder.Build();
        return app;
    }
}
