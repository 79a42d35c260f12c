using ClaimStatus.BenchHost;
using ClaimStatus.Server;
using ClaimStatus.Server.Storage;

// "load ...": the load generator; "sql ...": one statement over a SQL Server connection (the scripts have no
// other TDS client); "scale-import ..." and "ready URL CLAIM": benchmarks/scale.sh's import and start-up probe. Otherwise: the real server, as src/ClaimStatus.Server/Program.cs starts it, plus the empty call.
switch (args)
{
    case ["load", .. var rest]: return await LoadGenerator.RunAsync(rest);
    case ["sql", var connectionString, var sql]: return await TdsQuery.RunAsync(connectionString, sql);
    case ["scale-import", .. var rest]: return await ScaleImport.RunAsync(rest);
    case ["scale-stats", var seed]: return ScaleImport.Stats(ulong.Parse(seed, System.Globalization.CultureInfo.InvariantCulture));
    case ["ready", var url, var claimId]: return await ScaleImport.WaitReadyAsync(url, claimId);
}

var app = ServerApp.Create(args);
app.MapGrpcService<BenchService>();
await app.Services.GetRequiredService<IClaimStore>().MigrateAsync(CancellationToken.None);
await app.RunAsync();
return 0;
