using ClaimStatus.Server;
using ClaimStatus.Server.Security;

WebApplication app;
try
{
    app = ServerApp.Create(args);
}
catch (StartupRefusedException refused)
{
    // A configuration the service declines is the operator's to fix: one line, no stack trace.
    Console.Error.WriteLine(refused.Message);
    return 2;
}
app.Run();
return 0;

public partial class Program;
