using System.Reflection;
using System.Text.RegularExpressions;
using ClaimStatus.Server.Security;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Tests.Configuration;

/// <summary>The shipped src/ClaimStatus.Server/appsettings.json: every key in it is one the server reads, every setting
/// of the service's own is in it, each value is the default the server has without the file, and the README's table
/// lists each key.</summary>
public sealed partial class AppSettingsTests
{
    static readonly string FilePath = Path.Combine(RepositoryRoot.Path, "src", "ClaimStatus.Server", "appsettings.json");

    /// <summary>Where each section of the file is bound: the options object the server reads it from.</summary>
    static readonly (string Prefix, Func<IServiceProvider, object> Options)[] Sections =
    [
        ("Storage", Get<StorageOptions>),
        ("Watch", Get<WatchOptions>),
        ("Grpc", Get<GrpcServiceOptions>),
        ("Kestrel:Limits", sp => Get<KestrelServerOptions>(sp).Limits),
        ("Health", Get<HealthCheckPublisherOptions>),
        ("Host", Get<HostOptions>),
        ("Auth", Get<AuthOptions>),
        ("RateLimits", Get<RateLimitOptions>),
        ("Logging:Console", Get<ConsoleLoggerOptions>),
        ("ClaimReview", Get<ClaimStatus.Server.Grpc.ClaimReviewOptions>),
    ];

    /// <summary>Defaults the service sets differently from the framework's: the file must show them.</summary>
    static readonly string[] ChangedFrameworkDefaults =
    [
        "Grpc:MaxReceiveMessageSize", "Grpc:MaxSendMessageSize",
        "Kestrel:Limits:Http2:MaxStreamsPerConnection", "Kestrel:Limits:Http2:KeepAlivePingDelay", "Kestrel:Limits:Http2:KeepAlivePingTimeout",
        "Health:Delay", "Health:Period", "Host:ShutdownTimeout", "Logging:LogLevel:Microsoft.AspNetCore",
    ];

    static T Get<T>(IServiceProvider services) where T : class => services.GetRequiredService<IOptions<T>>().Value;

    static Dictionary<string, string> FileSettings() =>
        new ConfigurationBuilder().AddJsonFile(FilePath).Build().AsEnumerable()
            .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void The_file_is_copied_beside_the_server()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        Assert.Equal(File.ReadAllText(FilePath), File.ReadAllText(copied));
    }

    [Fact]
    public void Every_key_in_the_file_is_one_the_server_reads()
    {
        using var app = ServerApp.Create([]);
        var unknown = new List<string>();
        foreach (var (key, value) in FileSettings())
        {
            if (key.StartsWith("Logging:LogLevel:", StringComparison.OrdinalIgnoreCase))
            {
                if (!Enum.TryParse<LogLevel>(value, out _)) unknown.Add($"{key}: '{value}' is not a log level");
            }
            else if (Resolve(app.Services, key) is not { Writable: true }) unknown.Add(key);
        }
        Assert.Empty(unknown);
    }

    // The apps are built, never started: options are read, no port or database is opened.
    [Fact]
    public void Each_value_in_the_file_is_the_default_the_server_has_without_it()
    {
        using var withFile = ServerApp.Create([]);
        using var withoutFile = ServerApp.Create([], configure: builder =>
        {
            foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
                builder.Configuration.Sources.Remove(json);
        });
        // The server found the file (beside its binary) and the other app really went without it.
        Assert.Equal("Warning", withFile.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Null(withoutFile.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);

        var differences = new List<string>();
        foreach (var key in FileSettings().Keys.Where(k => !k.StartsWith("Logging:", StringComparison.OrdinalIgnoreCase)))
        {
            var inFile = Resolve(withFile.Services, key)?.Value;
            var inCode = Resolve(withoutFile.Services, key)?.Value;
            if (!Equals(inFile, inCode)) differences.Add($"{key}: file {inFile}, code {inCode}");
        }
        Assert.Empty(differences);
    }

    [Fact]
    public void Every_setting_of_the_service_with_a_default_is_in_the_file()
    {
        var keys = FileSettings().Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var expected = new List<string>(ChangedFrameworkDefaults);
        foreach (var (section, options) in new (string, object)[]
                 {
                     ("Storage", new StorageOptions()), ("Watch", new WatchOptions()),
                     ("Auth", new AuthOptions()), ("RateLimits", new RateLimitOptions()),
                     ("ClaimReview", new ClaimStatus.Server.Grpc.ClaimReviewOptions()),
                 })
            expected.AddRange(ScalarSettings(section, options));
        Assert.DoesNotContain(expected, key => !keys.Contains(key));
    }

    [Fact]
    public void The_readme_lists_every_key_of_the_file()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("\n## Configuration", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var listed = TableKey().Matches(section).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(FileSettings().Keys, key => !listed.Contains(key));
    }

    [GeneratedRegex(@"^\| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableKey();

    /// <summary>The settable scalar properties with a default, as configuration keys; nested options are followed,
    /// collections (identities, key files) have no default to show.</summary>
    static IEnumerable<string> ScalarSettings(string prefix, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var value = property.GetValue(options);
            var key = $"{prefix}:{property.Name}";
            if (value is null) continue;
            if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal))
                yield return key;
            else if (type.IsClass && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
                foreach (var nested in ScalarSettings(key, value)) yield return nested;
        }
    }

    /// <summary>The property a key lands on, by the configuration binder's rule (names case-insensitive).</summary>
    static (object? Value, bool Writable)? Resolve(IServiceProvider services, string key)
    {
        var (prefix, options) = Sections.FirstOrDefault(s => key.StartsWith(s.Prefix + ":", StringComparison.OrdinalIgnoreCase));
        if (prefix is null) return null;
        object? current = options(services);
        PropertyInfo? property = null;
        foreach (var name in key[(prefix.Length + 1)..].Split(':'))
        {
            if (current is null) return null;
            property = current.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return null;
            current = property.GetValue(current);
        }
        return (current, property!.CanWrite);
    }
}
