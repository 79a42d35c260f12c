using ClaimStatus.Server.Storage.Sqlite;
using ClaimStatus.Server.Storage.SqlServer;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Binds <see cref="StorageOptions"/>, registers the configured <see cref="IClaimStore"/> as a
    /// singleton, and migrates its database when the host starts (before requests are served).</summary>
    public static IServiceCollection AddClaimStatusStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Configure(o => o.ConnectionString ??= configuration.GetConnectionString("SqlServer"))
            .Validate(o => o.UsesSqlite || o.UsesSqlServer, "Storage:Provider must be Sqlite or SqlServer.")
            .Validate(o => !o.UsesSqlServer || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:Provider SqlServer needs Storage:ConnectionString or ConnectionStrings:SqlServer.")
            .Validate(o => !o.UsesSqlite || !string.IsNullOrWhiteSpace(o.DataFolder), "Storage:DataFolder must not be empty.")
            .Validate(o => o.MinFreeBytes >= 0, "Storage:MinFreeBytes must not be negative.")
            .Validate(o => o.SqlServerRetry.Tries is >= 1 and <= 60 && o.SqlServerRetry.Delay > TimeSpan.Zero
                && o.SqlServerRetry.MaxDelay >= o.SqlServerRetry.Delay,
                "Storage:SqlServerRetry needs 1 to 60 Tries and 0 < Delay <= MaxDelay.")
            .ValidateOnStart();

        services.AddSingleton<IClaimStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.UsesSqlServer
                ? new SqlServerClaimStore(options.ConnectionString!, SqlServerClaimStore.OpenRetry(options.SqlServerRetry))
                : new SqliteClaimStore(options.SqliteDatabasePath, options);
        });
        services.AddHostedService<StorageMigrator>();
        return services;
    }
}
