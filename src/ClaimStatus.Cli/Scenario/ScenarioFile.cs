using System.Text;
using System.Text.Json;

namespace ClaimStatus.Cli.Scenario;

/// <summary>
/// A claimstatus-scenario/1 file as written, before validation: every field is optional and every
/// enum a string here, so that ScenarioValidator can name what is missing or wrong instead of the
/// serializer failing on the first problem. Unknown fields are ignored.
/// </summary>
public sealed record ScenarioFile
{
    public string? Format { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public List<ScenarioSource?>? Sources { get; init; }
    public List<ScenarioClaim?>? Claims { get; init; }
    public List<ScenarioAssertion?>? Assertions { get; init; }
    public List<ScenarioAdjudication?>? Adjudications { get; init; }
    public List<ScenarioExpectation?>? Expectations { get; init; }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <exception cref="ScenarioInvalidException">The text is not JSON or has a value of the wrong JSON type.</exception>
    public static ScenarioFile Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ScenarioFile>(json, Options)
                ?? throw new ScenarioInvalidException([new ScenarioError("(file)", "is null, expected a JSON object")]);
        }
        catch (JsonException ex)
        {
            throw new ScenarioInvalidException([FromJsonException(ex)]);
        }
        catch (ArgumentException ex) when (ex.InnerException is EncoderFallbackException bad)
        {
            // A lone UTF-16 surrogate (a file read as UTF-16, or text built in code) cannot become UTF-8 JSON.
            throw new ScenarioInvalidException([new ScenarioError("(file)", $"is not valid Unicode text: a lone surrogate at character {bad.Index + 1}")]);
        }
    }

    public static async Task<ScenarioFile> LoadAsync(string path, CancellationToken ct)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScenarioUnreadableException($"{path}: no such file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioUnreadableException($"{path} cannot be read: {ex.Message}");
        }
        return Parse(json);
    }

    private static ScenarioError FromJsonException(JsonException ex)
    {
        var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "(file)" : ex.Path.TrimStart('$', '.');
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {ex.BytePositionInLine + 1})" : "";
        // The serializer wraps a type mismatch in an InvalidOperationException and a syntax error in a reader exception.
        var what = ex.InnerException is null or InvalidOperationException
            ? "has the wrong JSON type for this field"
            : "invalid JSON: " + ex.InnerException.Message.Split(". ")[0].Split(" LineNumber:")[0].TrimEnd(' ', '|', '.');
        return new ScenarioError(field, what + where);
    }
}

public sealed record ScenarioSource
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Reliability { get; init; }
    public List<string?>? Groups { get; init; }
}

public sealed record ScenarioClaim
{
    public string? Id { get; init; }
    public string? Text { get; init; }
    public List<string?>? Topics { get; init; }
    public List<string?>? Parties { get; init; }
    /// <summary>Optional: the parties the claim would harm if true; each must be one of <see cref="Parties"/>.</summary>
    public List<string?>? HarmedParties { get; init; }
}

public sealed record ScenarioAssertion
{
    public string? Claim { get; init; }
    public string? Source { get; init; }
    public string? Stance { get; init; }
    public string? Hedge { get; init; }
    public string? ObservedAt { get; init; }
    public string? Evidence { get; init; }
    public string? ReportedVia { get; init; }
    public string? Note { get; init; }
    public string? Key { get; init; }
}

public sealed record ScenarioAdjudication
{
    public string? Claim { get; init; }
    public string? Truth { get; init; }
    public string? DecidedAt { get; init; }
    public string? Note { get; init; }
}

public sealed record ScenarioExpectation
{
    public string? Claim { get; init; }
    public string? AsOf { get; init; }
    public string? Status { get; init; }
    public string? Why { get; init; }
}

/// <summary>One problem in a scenario file: the entry and field ("assertions[12].stance") and what is wrong.</summary>
public sealed record ScenarioError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>The file cannot be imported; nothing has been sent.</summary>
/// <summary>The scenario file is missing or cannot be read; nothing was looked at, let alone sent.</summary>
public sealed class ScenarioUnreadableException(string message) : Exception(message);

public sealed class ScenarioInvalidException(IReadOnlyList<ScenarioError> errors)
    : Exception(errors.Count == 0 ? "invalid scenario" : errors[0].ToString())
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
