using ClaimStatus.Contracts.V1;
using Microsoft.Playwright;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Api;

/// <summary>The interactive API page (Swagger UI at /swagger) in a real headless Chromium: open it, pick GetClaim,
/// "Try it out", give an id, "Execute", and see the claim come back from the server. Debian's Chromium
/// (.ci/run installs it; CLAIMSTATUS_TEST_CHROMIUM names another), driven through Playwright; without it the test fails
/// saying so.</summary>
public sealed class ApiPageBrowserTests(JsonServerFixture server) : IClassFixture<JsonServerFixture>
{
    static string Chromium => Environment.GetEnvironmentVariable("CLAIMSTATUS_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    [Fact]
    public async Task The_api_page_makes_a_call_from_a_real_browser()
    {
        Assert.True(File.Exists(Chromium), $"the browser test needs Chromium at {Chromium}: apt-get install chromium");
        var id = NewId("browser");
        await server.Client.CreateClaimAsync(new CreateClaimRequest { Claim = new Claim { Id = id, Text = "Seen from a browser" } });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 60_000,
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(server.JsonAddress + "/swagger/index.html");

        var getClaim = page.Locator(".opblock-get").Filter(new LocatorFilterOptions
        {
            Has = page.Locator(".opblock-summary-path[data-path='/v1/claims/{id}']"),
        });
        await getClaim.Locator(".opblock-summary").ClickAsync();
        await getClaim.Locator(".try-out__btn").ClickAsync();
        await getClaim.Locator("input[placeholder='id']").FillAsync(id);
        await getClaim.Locator(".execute").ClickAsync();
        var status = getClaim.Locator(".live-responses-table tr.response td.response-col_status").First;
        await Assertions.Expect(status).ToHaveTextAsync("200");
        var body = await getClaim.Locator(".live-responses-table tr.response .highlight-code").First.InnerTextAsync();

        Assert.Contains(id, body);
        Assert.Contains("Seen from a browser", body);
    }
}
