using ClaimStatus.Server;
using ClaimStatus.Server.Security;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;

// "repair": recompute every stored status with the service's own configuration and store, then exit; no host starts.
var repair = args is ["repair", ..];
WebApplication app;
try
{
    app = ServerApp.Create(repair ? args[1..] : args);
}
catch (StartupRefusedException refused)
{
    // A configuration the service declines is the operator's to fix: one line, no stack trace.
    Console.Error.WriteLine(refused.Message);
    return 2;
}
try
{
    // Storage is checked and migrated before the host starts (the migrator's own pass then finds nothing to do), so a refusal
    // is the one line below rather than the host's "failed to start" with a stack trace.
    await app.Services.GetRequiredService<IClaimStore>().MigrateAsync(CancellationToken.None);
    if (repair)
    {
        var (repaired, claims) = await app.Services.GetRequiredService<StatusRepair>().RunAsync(CancellationToken.None);
        Console.WriteLine($"repaired {repaired} of {claims} claims");
        return 0;
    }
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure(e) is { } failure)
{
    // What the operator must fix, in one line: a stack trace would only bury it.
    await Console.Error.WriteLineAsync("claimstatus: " + failure.Message);
    return 2;
}

static StorageStartupException? StartupFailure(Exception e) => e switch
{
    StorageStartupException s => s,
    AggregateException a => a.InnerExceptions.Select(StartupFailure).FirstOrDefault(f => f is not null),
    _ => e.InnerException is { } inner ? StartupFailure(inner) : null,
};

public partial class Program;
