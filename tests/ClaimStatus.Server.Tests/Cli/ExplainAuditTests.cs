using ClaimStatus.Cli;
using ClaimStatus.Cli.Evaluation;
using ClaimStatus.Cli.Output;
using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace ClaimStatus.Server.Tests.Cli;

/// <summary>explain says who recorded each assertion and the adjudication.</summary>
public sealed class ExplainAuditTests : IAsyncLifetime
{
    EmbeddedServer _server = null!;

    public async Task InitializeAsync() => _server = await EmbeddedServer.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Explain_names_the_recorder_of_each_assertion_and_of_the_adjudication()
    {
        await CliRun.RunAsync("import", CliRun.Sample("nk-troops-2024.json"), "--server", _server.Address);
        using var channel = GrpcChannel.ForAddress(_server.Address);
        await new ClaimStatusService.ClaimStatusServiceClient(channel).RecordAdjudicationAsync(new RecordAdjudicationRequest
        {
            Adjudication = new Adjudication
            {
                ClaimId = "nk-troops-in-russia", Truth = Truth.True,
                DecidedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 11, 1, 0, 0, 0, TimeSpan.Zero)),
                Rationale = "confirmed by two governments",
            },
        });

        var explain = await CliRun.RunAsync("explain", "nk-troops-in-russia", "--as-of", "2024-10-29T00:00:00Z", "--server", _server.Address);

        Assert.Equal(ExitCodes.Ok, explain.ExitCode);
        var header = Assert.Single(explain.Lines, l => l.StartsWith("source "));
        var column = header.IndexOf("recorded by", StringComparison.Ordinal);
        Assert.True(column > 0, header);
        var rows = explain.Lines.Where(l => l.StartsWith("us-") || l.StartsWith("kr-") || l.StartsWith("ua-") || l.StartsWith("ru-") || l.StartsWith("nato ")).ToList();
        Assert.Equal(9, rows.Count);
        Assert.All(rows, r => Assert.StartsWith("anonymous ", r[column..]));
        Assert.Contains("adjudicated    TRUE at 2024-11-01T00:00:00Z by anonymous: confirmed by two governments", explain.Lines);
    }

    [Fact]
    public void Explain_prints_each_contribution_s_recorder_from_the_audit_trail()
    {
        var report = new StatusReport { ClaimId = "c", Status = Contracts.V1.Status.Confirmed };
        report.Contributions.Add(new Contribution { AssertionId = 7, SourceId = "gov", Why = "w" });
        report.Contributions.Add(new Contribution { AssertionId = 8, SourceId = "outlet", Why = "w" });

        var text = Text.Explain(report, null, new Dictionary<long, string> { [7] = "ivan@analysts" },
            new Adjudication { Truth = Truth.False, DecidedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch), RecordedBy = "olga" });

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(" ivan@analysts ", Assert.Single(lines, l => l.StartsWith("gov ")));
        Assert.Contains(" ? ", Assert.Single(lines, l => l.StartsWith("outlet ")));
        Assert.Contains("adjudicated    FALSE at 1970-01-01T00:00:00Z by olga", lines);
    }
}
