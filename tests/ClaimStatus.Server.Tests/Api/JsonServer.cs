using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClaimStatus.Server.Tests.Grpc;
using ClaimStatus.Server.Tests.Security;

namespace ClaimStatus.Server.Tests.Api;

/// <summary>HTTP/1.1 JSON calls as curl makes them: exactly HTTP/1.1, JSON bodies, the JSON names of the proto fields.</summary>
public static class JsonServer
{
    public static Dictionary<string, string?> Settings(out string address)
    {
        address = $"http://127.0.0.1:{LoopbackPort.Free()}";
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
