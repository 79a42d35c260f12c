using ClaimStatus.Cli;
using ClaimStatus.Cli.Evaluation;
using ClaimStatus.Contracts.V1;
using Grpc.Net.Client;

namespace ClaimStatus.Server.Tests.Cli;

/// <summary>The CLI's verbs against the real server, hosted in-process on a fresh SQLite folder and a free port.</summary>
public sealed class CliEndToEndTests : IAsyncLifetime
{
    EmbeddedServer _server = null!;

    public async Task InitializeAsync() => _server = await EmbeddedServer.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--server", _server.Address]);

    [Fact]
    public async Task Importing_a_file_twice_stores_nothing_twice()
    {
        var first = await Run("import", CliRun.Sample("nk-troops-2024.json"));
        var second = await Run("import", CliRun.Sample("nk-troops-2024.json"));

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains("sources 8 upserted, claims 5 created / 0 replayed, assertions 20 recorded / 0 replayed", first.Out);
        Assert.Contains("sources 8 upserted, claims 0 created / 5 replayed, assertions 0 recorded / 20 replayed", second.Out);
        using var channel = GrpcChannel.ForAddress(_server.Address);
        var stored = await new ClaimStatusService.ClaimStatusServiceClient(channel)
            .ListAssertionsAsync(new ListAssertionsRequest { ClaimId = "nk-troops-in-russia", PageSize = 1000 });
        Assert.Equal(9, stored.Assertions.Count);
    }

    [Fact]
    public async Task A_malformed_file_imports_nothing_and_exits_2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"claimstatus-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, File.ReadAllText(CliRun.Sample("nk-troops-2024.json")).Replace("\"PROBABLE\"", "\"LIKELY\""));
        try
        {
            var run = await Run("import", path);

            Assert.Equal(ExitCodes.Invalid, run.ExitCode);
            Assert.Contains("assertions[15].hedge: \"LIKELY\" is not one of CERTAIN, PROBABLE, POSSIBLE", run.Error);
            using var channel = GrpcChannel.ForAddress(_server.Address);
            var sources = await new ClaimStatusService.ClaimStatusServiceClient(channel).ListSourcesAsync(new ListSourcesRequest());
            Assert.Empty(sources.Sources);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Claims_go_in_batches_and_a_conflict_stores_nothing_of_its_batch()
    {
        using var channel = GrpcChannel.ForAddress(_server.Address);
        var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
        // Claim 700, in the second batch of 500, is stored already with other text.
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = new Claim { Id = "bulk-0700", Text = "Stored first.", Topics = { "bulk" } } });
        var path = Path.Combine(Path.GetTempPath(), $"claimstatus-bulk-{Guid.NewGuid():N}.json");
        async Task WriteFileAsync(string textOf700) => await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(new
        {
            format = "claimstatus-scenario/1",
            sources = Array.Empty<object>(),
            claims = Enumerable.Range(0, 1200).Select(i => new { id = $"bulk-{i:D4}", text = i == 700 ? textOf700 : $"Claim {i}.", topics = new[] { "bulk" } }),
            assertions = Array.Empty<object>(),
        }));
        try
        {
            await WriteFileAsync("Claim 700.");
            var conflict = await Run("import", path);

            Assert.Equal(ExitCodes.Failed, conflict.ExitCode);
            Assert.Contains("ALREADY_EXISTS", conflict.Error);
            Assert.Contains("'bulk-0700'", conflict.Error);
            // The first batch stands, the one holding the conflict stored nothing, the third was never sent.
            var stored = await client.ListClaimsAsync(new ListClaimsRequest { Topic = "bulk", PageSize = 1000 });
            Assert.Equal([.. Enumerable.Range(0, 500).Select(i => $"bulk-{i:D4}"), "bulk-0700"], stored.Claims.Select(c => c.Id));

            await WriteFileAsync("Stored first.");
            var fixedRun = await Run("import", path);

            Assert.Equal(ExitCodes.Ok, fixedRun.ExitCode);
            // 500 of the first run's batch and bulk-0700 were stored already: the other 699 are new.
            Assert.Contains("claims 699 created / 501 replayed", fixedRun.Out);
            var page = await client.ListClaimsAsync(new ListClaimsRequest { Topic = "bulk", PageSize = 1000 });
            var rest = await client.ListClaimsAsync(new ListClaimsRequest { Topic = "bulk", PageSize = 1000, PageToken = page.NextPageToken });
            Assert.Equal(1200, page.Claims.Count + rest.Claims.Count);
            Assert.All(page.Claims.Concat(rest.Claims), c => Assert.Equal(Status.Unverified, c.Status));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Check_passes_the_sample_scenario()
    {
        var run = await Run("check", CliRun.Sample("nk-troops-2024.json"));

        Assert.Equal("6 passed, 0 failed", run.Lines[^1]);
        Assert.Equal(6, run.Lines.Count(l => l.StartsWith("PASS ")));
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
    }

    [Fact]
    public async Task The_admissions_sample_checks_and_explain_shows_the_admission()
    {
        var check = await Run("check", CliRun.Sample("admissions-small.json"));
        var explain = await Run("explain", "transformer-caused-blackout", "--as-of", "2025-03-07T00:00:00Z");
        var selfServing = await Run("explain", "storm-caused-blackout", "--as-of", "2025-03-04T00:00:00Z");

        Assert.Equal("3 passed, 0 failed", check.Lines[^1]);
        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        var admits = Assert.Single(explain.Lines, l => l.StartsWith("harbor-power "));
        Assert.Contains(" admits ", admits);
        Assert.Contains("admission against interest x1.50", admits);
        var party = Assert.Single(selfServing.Lines, l => l.StartsWith("harbor-power "));
        Assert.DoesNotContain(" admits ", party);
        Assert.Contains("interested party x0.25", party);
    }

    [Fact]
    public async Task Check_reports_a_wrong_expectation_and_exits_1()
    {
        var path = Path.Combine(Path.GetTempPath(), $"claimstatus-check-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            { "format": "claimstatus-scenario/1", "sources": [], "claims": [ { "id": "quiet", "text": "Nobody has said anything about this." } ],
              "assertions": [], "expectations": [ { "claim": "quiet", "as_of": "2024-01-01T00:00:00Z", "status": "CONFIRMED" } ] }
            """);
        try
        {
            var run = await Run("check", path);

            Assert.StartsWith("FAIL  quiet  as_of=2024-01-01T00:00:00Z  expected=CONFIRMED  got=UNVERIFIED", run.Lines[^2]);
            Assert.Equal("0 passed, 1 failed", run.Lines[^1]);
            Assert.Equal(ExitCodes.Failed, run.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Status_and_explain_describe_a_claim_as_of_a_time()
    {
        await Run("import", CliRun.Sample("nk-troops-2024.json"));

        var status = await Run("status", "nk-troops-in-russia", "--as-of", "2024-10-29T00:00:00Z");
        var explain = await Run("explain", "nk-troops-in-russia", "--as-of", "2024-10-29T00:00:00Z");

        Assert.Equal(ExitCodes.Ok, status.ExitCode);
        Assert.StartsWith("nk-troops-in-russia CONFIRMED as of 2024-10-29T00:00:00Z  probability=", status.Lines.Single());
        Assert.Equal(ExitCodes.Ok, explain.ExitCode);
        Assert.Equal(9, explain.Lines.Count(l => l.StartsWith("us-") || l.StartsWith("kr-") || l.StartsWith("ua-") || l.StartsWith("ru-") || l.StartsWith("nato ")));
        Assert.Contains(explain.Lines, l => l.StartsWith("fused          belief="));
        Assert.Contains(explain.Lines, l => l.StartsWith("trace-id: ") && l.Length == "trace-id: ".Length + 32);
        // The relay the walkthrough tells of: the Korean foreign ministry's word came through Yonhap.
        var header = explain.Lines.Single(l => l.StartsWith("source "));
        var via = header.IndexOf(" via ", StringComparison.Ordinal) + 1;
        Assert.True(via > 0, header);
        Assert.StartsWith("yonhap ", Assert.Single(explain.Lines, l => l.StartsWith("kr-mofa "))[via..]);
        Assert.StartsWith("- ", explain.Lines.First(l => l.StartsWith("us-"))[via..]);
        var decision = explain.Lines.SkipWhile(l => !l.StartsWith("decision ")).TakeWhile(l => l.StartsWith("decision ") || l.StartsWith("               ")).ToList();
        Assert.True(decision.Count > 1, "the decision scores should wrap over several lines");
        Assert.All(decision, l => Assert.InRange(l.Split("  ", StringSplitOptions.RemoveEmptyEntries).Count(p => p.Contains('=')), 1, 4));
    }

    [Fact]
    public async Task A_watch_of_a_topic_without_claims_says_what_it_waits_for()
    {
        var error = new LineSignalWriter();
        using var stop = new CancellationTokenSource();

        var watch = ClaimStatus.Cli.Program.RunAsync(["watch", "--topic", "no-claims-yet", "--server", _server.Address], TextWriter.Null, error, stop.Token);
        await error.FirstLine.WaitAsync(TimeSpan.FromSeconds(30));
        stop.Cancel();

        Assert.Equal(ExitCodes.Ok, await watch.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.StartsWith("watching topic no-claims-yet: every claim with it now and any created later", error.ToString());
    }

    [Fact]
    public async Task An_unknown_claim_is_a_clear_error_without_a_stack_trace()
    {
        var run = await Run("status", "no-such-claim");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.StartsWith("error: NOT_FOUND: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task Watch_prints_the_current_status_and_ends_on_cancel()
    {
        await Run("import", CliRun.Sample("nk-troops-2024.json"));
        var output = new LineSignalWriter();
        using var stop = new CancellationTokenSource();

        var watch = ClaimStatus.Cli.Program.RunAsync(["watch", "nk-1500-special-forces", "--server", _server.Address], output, TextWriter.Null, stop.Token);
        await output.FirstLine.WaitAsync(TimeSpan.FromSeconds(30));
        stop.Cancel();

        Assert.Equal(ExitCodes.Ok, await watch.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("nk-1500-special-forces UNVERIFIED", output.ToString());
    }
}

/// <summary>evaluate hosts its own servers, so it needs none from the test.</summary>
public sealed class CliEvaluateTests
{
    [Fact]
    public async Task Evaluate_with_two_folds_ends_with_the_summary_line()
    {
        var run = await CliRun.RunAsync("evaluate", "--folds", "2", CliRun.Sample("rumours-small.json"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Matches(@"^accuracy=[01]\.\d{3} macro_f1=[01]\.\d{3} n=8$", run.Lines[^1]);
        Assert.Contains(run.Lines, l => l.StartsWith("expected \\ got"));
        Assert.Contains("fold 2/2", run.Error);
    }

    [Fact]
    public async Task Evaluate_repeated_prints_the_nested_table_with_the_baselines_and_writes_the_diagram()
    {
        var plot = Path.Combine(Path.GetTempPath(), $"claimstatus-reliability-{Guid.NewGuid():N}.svg");
        try
        {
            var run = await CliRun.RunAsync("evaluate", "--folds", "2", "--repeat", "3", "--baselines", "--plot", plot, CliRun.Sample("rumours-small.json"));

            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.StartsWith("nested cross-validation: 2 folds x 3 fold seeds (1,2,3)", run.Lines[0]);
            foreach (var judge in (string[])["policy sl-thresholds v7", "always UNVERIFIED", "majority stance", "net vote", "any refutation -> DENIED", "hand rule"])
                Assert.Single(run.Lines, l => l.StartsWith(judge + " ") && System.Text.RegularExpressions.Regex.IsMatch(l, @"[01]\.\d{3} \+- \d\.\d{3}"));
            Assert.Equal(6, run.Lines.Count(l => l.Contains(" fold ") && l.Contains("ece=") && l.Contains(" method=")));
            Assert.Contains(run.Lines, l => l.StartsWith("  overall (per seed, mean +- SD): brier="));
            Assert.Contains(run.Lines, l => l.StartsWith("  methods chosen: "));
            Assert.Contains(run.Lines, l => l.StartsWith("  ece a perfectly calibrated judge would show"));
            Assert.Contains(run.Lines, l => l.StartsWith("fitted on the whole file: ") && l.Contains(" calibration "));
            var svg = await File.ReadAllTextAsync(plot);
            Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg);
            Assert.Contains("n=", svg);
        }
        finally
        {
            File.Delete(plot);
        }
    }

    [Fact]
    public async Task Evaluate_refuses_a_plot_that_is_not_svg()
    {
        var run = await CliRun.RunAsync("evaluate", "--repeat", "2", "--plot", "diagram.png", CliRun.Sample("rumours-small.json"));

        Assert.NotEqual(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("--plot writes SVG", run.Error);
    }

    [Fact]
    public async Task Evaluate_train_test_scores_only_the_test_expectations()
    {
        var sample = CliRun.Sample("nk-troops-2024.json");

        var run = await CliRun.RunAsync("evaluate", "--train", CliRun.Sample("rumours-small.json"), "--test", sample);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Matches(@"^accuracy=[01]\.\d{3} macro_f1=[01]\.\d{3} n=6$", run.Lines[^1]);
    }

    [Theory]
    [InlineData("evaluate", "--folds", "2")]
    [InlineData("import")]
    [InlineData("check")]
    public async Task A_missing_file_is_named_as_missing_not_as_invalid(params string[] verb)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"claimstatus-missing-{Guid.NewGuid():N}.json");

        // Port 9 (discard) on loopback: nothing may be sent before the file is read.
        string[] server = verb[0] == "evaluate" ? [] : ["--server", "http://127.0.0.1:9"];
        var run = await CliRun.RunAsync([.. verb, missing, .. server]);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Equal($"error: {missing}: no such file", run.Error.Trim());
    }

    [Fact]
    public async Task Help_lists_watch_by_topic_and_offers_server_only_where_it_is_used()
    {
        var top = await CliRun.RunAsync("--help");
        var evaluate = await CliRun.RunAsync("evaluate", "--help");
        var import = await CliRun.RunAsync("import", "--help");

        Assert.Contains("--topic TOPIC", top.Out);
        Assert.DoesNotContain("--server", evaluate.Out);
        Assert.Contains("--server", import.Out);
        Assert.Equal(ExitCodes.Ok, evaluate.ExitCode);
    }

    [Fact]
    public async Task Server_may_come_before_the_verb_as_scripts_write_it()
    {
        await using var server = await EmbeddedServer.StartAsync(CancellationToken.None);

        var run = await CliRun.RunAsync("--server", server.Address, "import", CliRun.Sample("admissions-small.json"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("claims 2 created / 0 replayed", run.Out);
    }

    [Fact]
    public async Task Evaluate_without_a_mode_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("evaluate", "--folds", "2");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("evaluate --folds K FILE.json", run.Error);
    }
}
