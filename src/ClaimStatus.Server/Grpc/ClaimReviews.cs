using System.Globalization;
using System.Text.Json;
using ClaimStatus.Contracts.V1;

namespace ClaimStatus.Server.Grpc;

/// <summary>Who publishes the service's ClaimReviews (README "ClaimReview").</summary>
public sealed class ClaimReviewOptions
{
    public const string Section = "ClaimReview";

    /// <summary>The ClaimReview's author: the organisation that runs this service.</summary>
    public string Organization { get; set; } = "ClaimStatus";

    /// <summary>The organisation's home page, when it has one.</summary>
    public string? OrganizationUrl { get; set; }

    /// <summary>The public base address reviews are linked under (e.g. behind a proxy); by default the address the
    /// request came to.</summary>
    public string? BaseUrl { get; set; }
}

/// <summary>A claim's status as schema.org ClaimReview JSON-LD, with the properties Google's fact-check markup
/// requires (claimReviewed, reviewRating with alternateName, url) and recommends (author, datePublished, itemReviewed).
/// The status is rated on a three-point scale inside 1-5: DENIED 1, UNVERIFIED 3, CONFIRMED 5, so a reader that only
/// compares ratingValue with worstRating and bestRating reads it the right way round.</summary>
public static class ClaimReviews
{
    public const string ContentType = "application/ld+json";
    public const int WorstRating = 1, BestRating = 5;

    /// <param name="firstAppearance">The earliest assertion about the claim as of the review, and its source's name.</param>
    public static byte[] Build(Claim claim, StatusReport status, (Contribution Assertion, Source? Source)? firstAppearance,
        string reviewUrl, ClaimReviewOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("@context", "https://schema.org");
            json.WriteString("@type", "ClaimReview");
            json.WriteString("url", reviewUrl);
            json.WriteString("claimReviewed", claim.Text);
            json.WriteString("datePublished", Iso(status.AsOf.ToDateTimeOffset()));
            json.WriteStartObject("author");
            json.WriteString("@type", "Organization");
            json.WriteString("name", options.Organization);
            if (!string.IsNullOrEmpty(options.OrganizationUrl)) json.WriteString("url", options.OrganizationUrl);
            json.WriteEndObject();
            WriteRating(json, status);
            WriteItemReviewed(json, claim, firstAppearance);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static (int Value, string Name) Rating(Status status) => status switch
    {
        Status.Confirmed => (5, "Confirmed"),
        Status.Denied => (1, "Denied"),
        _ => (3, "Unverified"),
    };

    static void WriteRating(Utf8JsonWriter json, StatusReport status)
    {
        var (value, name) = Rating(status.Status);
        json.WriteStartObject("reviewRating");
        json.WriteString("@type", "Rating");
        json.WriteNumber("ratingValue", value);
        json.WriteNumber("worstRating", WorstRating);
        json.WriteNumber("bestRating", BestRating);
        json.WriteString("alternateName", name);
        var probability = status.Probability.ToString("0.00", CultureInfo.InvariantCulture);
        json.WriteString("ratingExplanation", $"{status.Reason} (probability {probability}, {status.Likelihood}; Admiralty credibility {status.Credibility})");
        json.WriteEndObject();
    }

    static void WriteItemReviewed(Utf8JsonWriter json, Claim claim, (Contribution Assertion, Source? Source)? first)
    {
        json.WriteStartObject("itemReviewed");
        json.WriteString("@type", "Claim");
        json.WriteString("name", claim.Text);
        if (first is var (assertion, source))
        {
            var published = Iso(assertion.ObservedAt.ToDateTimeOffset());
            json.WriteString("datePublished", published);
            WriteAuthor(json, assertion, source);
            // Where the claim was first seen: the earliest assertion, by its source (and the relay it came through).
            json.WriteStartObject("firstAppearance");
            json.WriteString("@type", "CreativeWork");
            json.WriteString("datePublished", published);
            WriteAuthor(json, assertion, source);
            if (assertion.ReportedVia.Length > 0)
            {
                json.WriteStartObject("publisher");
                json.WriteString("@type", "Organization");
                json.WriteString("identifier", assertion.ReportedVia);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    static void WriteAuthor(Utf8JsonWriter json, Contribution assertion, Source? source)
    {
        json.WriteStartObject("author");
        json.WriteString("@type", source?.Kind == SourceKind.Individual ? "Person" : "Organization");
        json.WriteString("name", source?.Name ?? assertion.SourceId);
        json.WriteString("identifier", assertion.SourceId);
        json.WriteEndObject();
    }

    static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
