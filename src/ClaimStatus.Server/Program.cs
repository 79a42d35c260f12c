using ClaimStatus.Server;

var app = ServerApp.Create(args);
app.Run();

public partial class Program;
