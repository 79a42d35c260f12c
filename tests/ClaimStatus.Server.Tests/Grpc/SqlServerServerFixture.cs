using ClaimStatus.Server.Tests.Storage;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>The same real service as <see cref="ServerFixture"/>, on its own database of the SQL Server named by
/// CLAIMSTATUS_TEST_SQLSERVER. Without one it starts nothing: the tests of classes marked
/// <see cref="RequiresSqlServerAttribute"/> then report Skipped.</summary>
public sealed class SqlServerServerFixture : ServerFixture
{
    SqlServerTestDatabase? _database;

    /// <summary>Names the service's own sessions on the server (program_name, application_name), so a test can find them.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>The service's command timeout in seconds, when not SqlClient's default 30.</summary>
    public int? CommandTimeoutSeconds { get; init; }

    /// <summary>The test database, for a test's own sessions beside the service's.</summary>
    public string DatabaseConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException(SqlServerTestDatabase.SkipReason);

    public override async Task InitializeAsync()
    {
        if (!SqlServerTestDatabase.IsConfigured) return;
        _database = await SqlServerTestDatabase.CreateAsync();
        var service = new SqlConnectionStringBuilder(_database.ConnectionString);
        if (ApplicationName is not null) service.ApplicationName = ApplicationName;
        if (CommandTimeoutSeconds is { } timeout) service.CommandTimeout = timeout;
        Settings["Storage:Provider"] = "SqlServer";
        Settings["ConnectionStrings:SqlServer"] = service.ConnectionString;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_database is null) return;
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
