using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Storage.Sqlite;
using ClaimStatus.Server.Storage.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Tests.Storage;

public sealed class StorageRegistrationTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddClaimStatusStorage(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Sqlite_in_the_data_folder_is_the_default()
    {
        using var provider = Build();
        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var store = Assert.IsType<SqliteClaimStore>(provider.GetRequiredService<IClaimStore>());
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "claimstatus.db")), store.DatabasePath);
        Assert.Equal(store.DatabasePath, options.SqliteDatabasePath);
        Assert.Same(store, provider.GetRequiredService<IClaimStore>());
    }

    [Fact]
    public void The_data_folder_is_configurable()
    {
        var folder = Path.Combine(Path.GetTempPath(), "claimstatus-elsewhere");
        using var provider = Build(("Storage:DataFolder", folder));
        var store = Assert.IsType<SqliteClaimStore>(provider.GetRequiredService<IClaimStore>());
        Assert.Equal(Path.Combine(folder, "claimstatus.db"), store.DatabasePath);
    }

    [Fact]
    public void SqlServer_takes_its_connection_from_ConnectionStrings_or_Storage()
    {
        using var fromConnectionStrings = Build(("Storage:Provider", "SqlServer"), ("ConnectionStrings:SqlServer", "Server=a;Database=b"));
        Assert.IsType<SqlServerClaimStore>(fromConnectionStrings.GetRequiredService<IClaimStore>());
        Assert.Equal("Server=a;Database=b", fromConnectionStrings.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);

        using var both = Build(("Storage:Provider", "sqlserver"), ("Storage:ConnectionString", "Server=mine"),
            ("ConnectionStrings:SqlServer", "Server=theirs"));
        Assert.Equal("Server=mine", both.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
    }

    [Theory]
    [InlineData("Storage:Provider", "Postgres")]
    [InlineData("Storage:Provider", "SqlServer")]
    public void Invalid_settings_fail_validation(string key, string value)
    {
        using var provider = Build((key, value));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("Storage:", error.Message);
    }
}
