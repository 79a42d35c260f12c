using ClaimStatus.BenchHost;
using ClaimStatus.Server;
using ClaimStatus.Server.Storage;

// "load ...": the load generator; "sql ...": one statement over a SQL Server connection (the scripts have no
// other TDS client). Otherwise: the real server, as src/ClaimStatus.Server/Program.cs starts it, plus the empty call.
switch (args)
{
    case ["load", .. var rest]: return await LoadGenerator.RunAsync(rest);
    case ["sql", var connectionString, var sql]: return await TdsQuery.RunAsync(connectionString, sql);
}

var app = ServerApp.Create(args);
app.MapGrpcService<BenchService>();
await app.Services.GetRequiredService<IClaimStore>().MigrateAsync(CancellationToken.None);
await app.RunAsync();
return 0;
