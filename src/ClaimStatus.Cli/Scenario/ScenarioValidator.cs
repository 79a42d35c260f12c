namespace ClaimStatus.Cli.Scenario;

/// <summary>An id the file uses but does not define; it must already be stored on the server.</summary>
public sealed record ExternalReference(string Field, bool IsClaim, string Id);

public sealed record ScenarioCheck(IReadOnlyList<ScenarioError> Errors, IReadOnlyList<ExternalReference> External);

/// <summary>
/// Checks a whole file before anything is sent, so a malformed file imports nothing. Pure: ids the
/// file does not define are returned as external references for the importer to look up.
/// </summary>
public static class ScenarioValidator
{
    // The service's own limits (RequestValidator): a file within them is one the server accepts whole, so an
    // import never stops half-way on a refusal.
    private const int MaxIdLength = 200;
    private const int MaxNoteLength = 4000;
    private const int MaxNameLength = 500;
    private const int MaxTextLength = 4000;
    private const int MaxListItems = 50;
    // The server refuses observations more than five minutes ahead of its clock.
    private static readonly TimeSpan FutureAllowance = TimeSpan.FromMinutes(5);

    public static ScenarioCheck Validate(ScenarioFile file, DateTimeOffset now)
    {
        var v = new Run(now);
        if (file.Format is null) v.Error("format", "is required");
        else if (file.Format != ScenarioNames.Format) v.Error("format", $"{Quote(file.Format)} is not {ScenarioNames.Format}");
        if (file.Sources is null) v.Error("sources", "is required");
        if (file.Claims is null) v.Error("claims", "is required");
        if (file.Assertions is null) v.Error("assertions", "is required");

        var sourceIds = v.DefineIds("sources", file.Sources, s => s.Id);
        var claimIds = v.DefineIds("claims", file.Claims, c => c.Id);

        Each(v, "sources", file.Sources, (at, s) =>
        {
            v.Text($"{at}.name", s.Name, required: true, MaxNameLength);
            v.Enum($"{at}.kind", s.Kind, ScenarioNames.Kind, required: true);
            v.Enum($"{at}.reliability", s.Reliability, ScenarioNames.Reliability, required: true);
            v.Items($"{at}.groups", s.Groups);
        });
        Each(v, "claims", file.Claims, (at, c) =>
        {
            v.Text($"{at}.text", c.Text, required: true, MaxTextLength);
            v.Items($"{at}.topics", c.Topics);
            v.Items($"{at}.parties", c.Parties);
            v.Items($"{at}.harmed_parties", c.HarmedParties);
            for (var i = 0; c.HarmedParties is not null && i < c.HarmedParties.Count; i++)
            {
                if (c.HarmedParties[i] is { } harmed && !(c.Parties ?? []).Contains(harmed))
                    v.Error($"{at}.harmed_parties[{i}]", $"{Quote(harmed)} is not one of the claim's parties");
            }
        });
        Each(v, "assertions", file.Assertions, (at, a) =>
        {
            v.Reference($"{at}.claim", a.Claim, claimIds, isClaim: true, required: true);
            v.Reference($"{at}.source", a.Source, sourceIds, isClaim: false, required: true);
            v.Enum($"{at}.stance", a.Stance, ScenarioNames.Stance, required: true);
            v.Enum($"{at}.hedge", a.Hedge, ScenarioNames.Hedge, required: true);
            v.Time($"{at}.observed_at", a.ObservedAt, notInFuture: true);
            v.Enum($"{at}.evidence", a.Evidence, ScenarioNames.Evidence, required: false);
            v.Reference($"{at}.reported_via", a.ReportedVia, sourceIds, isClaim: false, required: false);
            v.Length($"{at}.note", a.Note, MaxNoteLength);
            v.Key($"{at}.key", a.Key);
        });
        Each(v, "adjudications", file.Adjudications, (at, j) =>
        {
            v.Reference($"{at}.claim", j.Claim, claimIds, isClaim: true, required: true);
            v.Enum($"{at}.truth", j.Truth, ScenarioNames.Truth, required: true);
            // The server refuses a verdict from the future, as it refuses an observation from the future.
            v.Time($"{at}.decided_at", j.DecidedAt, notInFuture: true);
            v.Length($"{at}.note", j.Note, MaxNoteLength);
        });
        Each(v, "expectations", file.Expectations, (at, e) =>
        {
            v.Reference($"{at}.claim", e.Claim, claimIds, isClaim: true, required: true);
            v.Time($"{at}.as_of", e.AsOf, notInFuture: false);
            v.Enum($"{at}.status", e.Status, ScenarioNames.Status, required: true);
        });
        return new ScenarioCheck(v.Errors, v.External);
    }

    private static void Each<T>(Run v, string array, List<T?>? items, Action<string, T> check) where T : class
    {
        if (items is null) return;
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{array}[{i}]";
            if (items[i] is { } item) check(at, item);
            else v.Error(at, "must be an object, not null");
        }
    }

    private static string Quote(string value) => "\"" + value + "\"";

    private sealed class Run(DateTimeOffset now)
    {
        public List<ScenarioError> Errors { get; } = [];
        public List<ExternalReference> External { get; } = [];

        public void Error(string field, string message) => Errors.Add(new ScenarioError(field, message));

        /// <summary>Checks each entry's id and returns the ids the file defines; a repeated id is an error.</summary>
        public HashSet<string> DefineIds<T>(string array, List<T?>? items, Func<T, string?> id) where T : class
        {
            var firstUse = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; items is not null && i < items.Count; i++)
            {
                if (items[i] is not { } item) continue;
                var field = $"{array}[{i}].id";
                var value = id(item);
                if (!Id(field, value, required: true)) continue;
                if (firstUse.TryGetValue(value!, out var first)) Error(field, $"{Quote(value!)} is already the id of {array}[{first}]");
                else firstUse[value!] = i;
            }
            return [.. firstUse.Keys];
        }

        public bool Id(string field, string? value, bool required)
        {
            if (value is null)
            {
                if (required) Error(field, "is required");
                return false;
            }
            if (value.Length is 0 or > MaxIdLength)
            {
                Error(field, $"must be 1-{MaxIdLength} characters long, not {value.Length}");
                return false;
            }
            if (!Clean(value))
            {
                Error(field, "must not contain control characters or surrounding spaces");
                return false;
            }
            return true;
        }

        private static bool Clean(string value) => !value.Any(char.IsControl) && value.Trim().Length == value.Length;

        /// <summary>An optional idempotency key: an id's characters, at most an id's length.</summary>
        public void Key(string field, string? value)
        {
            Length(field, value, MaxIdLength);
            if (value is { Length: > 0 and <= MaxIdLength } && !Clean(value)) Error(field, "must not contain control characters or surrounding spaces");
        }

        public void Reference(string field, string? value, HashSet<string> defined, bool isClaim, bool required)
        {
            if (Id(field, value, required) && !defined.Contains(value!)) External.Add(new ExternalReference(field, isClaim, value!));
        }

        public void Text(string field, string? value, bool required, int max)
        {
            if (value is null) { if (required) Error(field, "is required"); }
            else if (value.Length == 0) Error(field, "must not be empty");
            else Length(field, value, max);
        }

        public void Length(string field, string? value, int max)
        {
            if (value is not null && value.Length > max) Error(field, $"must be at most {max} characters long, not {value.Length}");
        }

        /// <summary>Groups, topics and parties: ids, each once, at most fifty.</summary>
        public void Items(string field, List<string?>? values)
        {
            if (values is null) return;
            if (values.Count > MaxListItems) Error(field, $"must have at most {MaxListItems} items, not {values.Count}");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { } value) Error($"{field}[{i}]", "must be a string, not null");
                else if (value.Length == 0) Error($"{field}[{i}]", "must not be empty");
                else if (Id($"{field}[{i}]", value, required: true) && !seen.Add(value)) Error($"{field}[{i}]", $"repeats {Quote(value)}");
            }
        }

        public void Enum<T>(string field, string? value, EnumNames<T> names, bool required) where T : struct, System.Enum
        {
            if (value is null) { if (required) Error(field, "is required"); }
            else if (!names.TryParse(value, out _)) Error(field, $"{Quote(value)} is not one of {names.Allowed}");
        }

        public void Time(string field, string? value, bool notInFuture)
        {
            if (value is null) Error(field, "is required");
            else if (!Rfc3339.TryParse(value, out var time)) Error(field, $"{Quote(value)} is not an RFC 3339 date-time such as 2024-10-18T09:00:00Z");
            else if (notInFuture && time > now + FutureAllowance) Error(field, $"{Quote(value)} is in the future");
        }
    }
}
