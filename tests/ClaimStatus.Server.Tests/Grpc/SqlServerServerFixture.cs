using ClaimStatus.Server.Tests.Storage;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>The same real service as <see cref="ServerFixture"/>, on its own database of the SQL Server named by
/// CLAIMSTATUS_TEST_SQLSERVER. Without one it starts nothing: the tests of classes marked
/// <see cref="RequiresSqlServerAttribute"/> then report Skipped.</summary>
public sealed class SqlServerServerFixture : ServerFixture
{
    SqlServerTestDatabase? _database;

    public override async Task InitializeAsync()
    {
        if (!SqlServerTestDatabase.IsConfigured) return;
        _database = await SqlServerTestDatabase.CreateAsync();
        Settings["Storage:Provider"] = "SqlServer";
        Settings["ConnectionStrings:SqlServer"] = _database.ConnectionString;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_database is null) return;
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
