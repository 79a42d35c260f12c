using System.Net;
using System.Net.Sockets;

namespace ClaimStatus.Server.Tests;

public static class LoopbackPort
{
    /// <summary>A loopback port that was free a moment ago, for a process or setting that needs a fixed port
    /// (port 0 cannot be told apart from another port 0, or handed to a child process in advance).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
