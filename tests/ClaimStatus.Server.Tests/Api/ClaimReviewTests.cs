using System.Net;
using System.Text.Json;
using ClaimStatus.Cli;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Grpc;
using ClaimStatus.Server.Tests.Cli;
using ClaimStatus.Server.Tests.Grpc;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Api;

/// <summary>The server as a ClaimReview publisher, with an organisation name of its own.</summary>
public sealed class ClaimReviewServerFixture : ServerFixture
{
    public const string Organization = "Example Verification Desk";

    public ClaimReviewServerFixture() : this(JsonServer.Settings(out var address), address) { }

    ClaimReviewServerFixture(Dictionary<string, string?> settings, string address)
        : base(new Dictionary<string, string?>(settings) { ["ClaimReview:Organization"] = Organization, ["ClaimReview:OrganizationUrl"] = "https://desk.example" })
        => JsonAddress = address;

    public string JsonAddress { get; }
}

/// <summary>GET /v1/claims/{id}/claimreview, GetClaimReview and `export --claimreview` give schema.org ClaimReview JSON-LD
/// with what Google's fact-check markup requires (claimReviewed, reviewRating with alternateName, url) and recommends
/// (author with name, datePublished, itemReviewed as a Claim with its author, date and first appearance).</summary>
public sealed class ClaimReviewTests(ClaimReviewServerFixture server) : IClassFixture<ClaimReviewServerFixture>
{
    static readonly DateTimeOffset First = new(2024, 10, 18, 9, 0, 0, TimeSpan.Zero);
    readonly HttpClient _http = JsonServer.Client(server.JsonAddress);

    async Task<string> ClaimAsync(Stance stance, int sources)
    {
        var id = NewId("review");
        await server.Client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(id) });
        for (var i = 0; i < sources; i++)
        {
            var source = Source($"{id}-{i}", Reliability.A, $"{id}-g{i}");
            source.Name = $"Ministry {i}";
            await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = source });
            // The later sources speak first: the first appearance is the earliest observation, not the first row.
            await server.Client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(id, source.Id, stance, First.AddHours(sources - i)) });
        }
        return id;
    }

    async Task<(HttpResponseMessage Response, JsonElement Review)> ReviewAsync(string id, string query = "")
    {
        var response = await _http.GetAsync($"/v1/claims/{id}/claimreview{query}");
        var review = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response, review);
    }

    [Fact]
    public async Task A_confirmed_claim_is_a_claim_review_with_every_required_and_recommended_field()
    {
        var id = await ClaimAsync(Stance.Supports, 3);

        var (response, review) = await ReviewAsync(id, "?asOf=2024-10-20T00:00:00Z");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ClaimReviews.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("https://schema.org", review.Text("@context"));
        Assert.Equal("ClaimReview", review.Text("@type"));
        Assert.Equal("Claim " + id, review.Text("claimReviewed"));
        Assert.Equal($"{server.JsonAddress}/v1/claims/{id}/claimreview", review.Text("url"));
        Assert.Equal("2024-10-20T00:00:00Z", review.Text("datePublished"));
        var author = review.GetProperty("author");
        Assert.Equal("Organization", author.Text("@type"));
        Assert.Equal(ClaimReviewServerFixture.Organization, author.Text("name"));
        Assert.Equal("https://desk.example", author.Text("url"));
        var rating = review.GetProperty("reviewRating");
        Assert.Equal("Rating", rating.Text("@type"));
        Assert.Equal("Confirmed", rating.Text("alternateName"));
        Assert.Equal(5, rating.GetProperty("ratingValue").GetInt32());
        Assert.Equal(1, rating.GetProperty("worstRating").GetInt32());
        Assert.Equal(5, rating.GetProperty("bestRating").GetInt32());
        var item = review.GetProperty("itemReviewed");
        Assert.Equal("Claim", item.Text("@type"));
        Assert.Equal("2024-10-18T10:00:00Z", item.Text("datePublished"));
        Assert.Equal("Ministry 2", item.GetProperty("author").Text("name"));
        var appearance = item.GetProperty("firstAppearance");
        Assert.Equal("CreativeWork", appearance.Text("@type"));
        Assert.Equal("2024-10-18T10:00:00Z", appearance.Text("datePublished"));
    }

    [Theory]
    [InlineData(Stance.Refutes, 2, "Denied", 1)]
    [InlineData(Stance.Supports, 1, "Unverified", 3)]
    public async Task The_rating_follows_the_status(Stance stance, int sources, string name, int value)
    {
        var id = await ClaimAsync(stance, sources);

        var (_, review) = await ReviewAsync(id);
        var status = await server.Client.GetStatusAsync(new GetStatusRequest { ClaimId = id });

        var rating = review.GetProperty("reviewRating");
        Assert.Equal(name, rating.Text("alternateName"));
        Assert.Equal(value, rating.GetProperty("ratingValue").GetInt32());
        Assert.Equal((value, name), ClaimReviews.Rating(status.Status));
    }

    [Fact]
    public void The_rating_scale_puts_denied_at_the_worst_and_confirmed_at_the_best()
    {
        Assert.Equal(ClaimReviews.WorstRating, ClaimReviews.Rating(Status.Denied).Value);
        Assert.Equal(ClaimReviews.BestRating, ClaimReviews.Rating(Status.Confirmed).Value);
        var unverified = ClaimReviews.Rating(Status.Unverified).Value;
        Assert.InRange(unverified, ClaimReviews.WorstRating + 1, ClaimReviews.BestRating - 1);
    }

    [Fact]
    public async Task Before_any_evidence_the_review_is_unverified_and_names_no_first_appearance()
    {
        var id = await ClaimAsync(Stance.Supports, 3);

        var (_, review) = await ReviewAsync(id, "?asOf=2024-10-01T00:00:00Z");

        Assert.Equal("Unverified", review.GetProperty("reviewRating").Text("alternateName"));
        Assert.False(review.GetProperty("itemReviewed").TryGetProperty("firstAppearance", out _));
    }

    [Fact]
    public async Task Grpc_callers_get_the_same_json_ld_as_an_http_body()
    {
        var id = await ClaimAsync(Stance.Supports, 3);
        var asOf = At("2024-10-20T00:00:00Z");

        var body = await server.Client.GetClaimReviewAsync(new GetClaimReviewRequest { ClaimId = id, AsOf = asOf });
        var (_, review) = await ReviewAsync(id, "?asOf=2024-10-20T00:00:00Z");

        Assert.Equal(ClaimReviews.ContentType, body.ContentType);
        var grpcReview = JsonDocument.Parse(body.Data.ToStringUtf8()).RootElement;
        Assert.Equal(review.GetProperty("reviewRating").GetRawText(), grpcReview.GetProperty("reviewRating").GetRawText());
        Assert.Equal(review.GetProperty("itemReviewed").GetRawText(), grpcReview.GetProperty("itemReviewed").GetRawText());
    }

    [Fact]
    public async Task An_unknown_claim_is_not_found()
    {
        var response = await _http.GetAsync("/v1/claims/no-such-claim/claimreview");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_cli_exports_the_claim_review()
    {
        var id = await ClaimAsync(Stance.Supports, 3);

        var run = await CliRun.RunAsync("export", "--claimreview", id, "--as-of", "2024-10-20T00:00:00Z", "--server", server.Address);
        var missing = await CliRun.RunAsync("export", "--claimreview", "no-such-claim", "--server", server.Address);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var review = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("ClaimReview", review.Text("@type"));
        Assert.Equal("Confirmed", review.GetProperty("reviewRating").Text("alternateName"));
        Assert.Equal("2024-10-20T00:00:00Z", review.Text("datePublished"));
        Assert.NotEqual(ExitCodes.Ok, missing.ExitCode);
        Assert.Contains("no-such-claim", missing.Error);
    }
}
