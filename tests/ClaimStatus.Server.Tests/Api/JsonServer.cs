using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ClaimStatus.Server.Tests.Grpc;
using ClaimStatus.Server.Tests.Security;

namespace ClaimStatus.Server.Tests.Api;

/// <summary>HTTP/1.1 JSON calls as curl makes them: exactly HTTP/1.1, JSON bodies, the JSON names of the proto fields.</summary>
public static class JsonServer
{
    /// <summary>A loopback port that was free a moment ago: JsonUrls needs a fixed port (0 cannot be told apart from Urls').</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Dictionary<string, string?> Settings(out string address)
    {
        address = $"http://127.0.0.1:{FreePort()}";
        return new Dictionary<string, string?> { ["JsonUrls"] = address };
    }

    public static HttpClient Client(string address, HttpMessageHandler? handler = null) => new(handler ?? new SocketsHttpHandler())
    {
        BaseAddress = new Uri(address),
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<(HttpStatusCode Code, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        this HttpClient http, HttpMethod method, string path, object? body = null, string? bearer = null)
    {
        // A request message does not take the client's defaults by itself.
        using var request = new HttpRequestMessage(method, path) { Version = http.DefaultRequestVersion, VersionPolicy = http.DefaultVersionPolicy };
        if (body is not null) request.Content = JsonContent.Create(body);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}

/// <summary>The real server with its cleartext HTTP/1.1 JSON port beside the h2c one.</summary>
public sealed class JsonServerFixture : ServerFixture
{
    public JsonServerFixture() : this(JsonServer.Settings(out var address), address) { }

    JsonServerFixture(Dictionary<string, string?> settings, string address) : base(settings) => JsonAddress = address;

    public string JsonAddress { get; }
}

/// <summary>The same with bearer tokens required.</summary>
public sealed class JsonJwtServerFixture : JwtServerFixture
{
    public JsonJwtServerFixture() : this(JsonServer.Settings(out var address), address) { }

    JsonJwtServerFixture(Dictionary<string, string?> settings, string address) : base(settings) => JsonAddress = address;

    public string JsonAddress { get; }
}
