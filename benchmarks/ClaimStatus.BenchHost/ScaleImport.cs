using System.Diagnostics;
using System.Globalization;
using ClaimStatus.Contracts.V1;
using Grpc.Net.Client;

namespace ClaimStatus.BenchHost;

/// <summary>Imports assertions [from, to) of <see cref="ScaleData"/>'s stream through the real API, as the CLI's
/// import does it (UpsertSource calls, BatchCreateClaims of 500, one RecordAssertions stream in batches of 1,000,
/// RecordAdjudication calls), so that benchmarks/scale.sh can stop at checkpoints of one growing import. A claim is
/// created (and, for a tenth, adjudicated) just before the batch carrying its first assertion; the sources when
/// from is 0. Prints one line: "assertions claims adjudications seconds
/// source-seconds claims-reached" (the seconds after the sources). The CLI's JSON file would hold 10 M
/// assertions in memory, so this streams them straight from the generator.
/// Usage: scale-import --server URL --from N --to M [--seed 1] [--claims 1000000] [--sources 50000]</summary>
static class ScaleImport
{
    const int BatchSize = 1_000, ClaimBatchSize = 500, ParallelCalls = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        long Number(string key, long fallback) =>
            options.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var server = options.TryGetValue("server", out var url) ? url : throw new ArgumentException("scale-import needs --server URL");
        long from = Number("from", 0), to = Number("to", 10_000);
        var data = new ScaleData((ulong)Number("seed", 1), (int)Number("claims", 1_000_000), (int)Number("sources", 50_000));

        using var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { MaxSendMessageSize = 16 << 20 });
        var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls };
        if (from == 0)
            await Parallel.ForEachAsync(Enumerable.Range(0, data.Sources), parallel, async (s, ct) =>
                await client.UpsertSourceAsync(new UpsertSourceRequest { Source = data.Source(s) }, cancellationToken: ct));
        var sourcesSeconds = clock.Elapsed.TotalSeconds;

        // The claim holding assertion `from`, and how many of its assertions come before it.
        var (claim, before) = (0, 0L);
        while (claim < data.Claims && before + data.Count(claim) <= from) before += data.Count(claim++);
        var skip = (int)(from - before);

        long sent = 0, claimsCreated = 0, adjudicated = 0, lastReport = 0;
        using var call = client.RecordAssertions();
        var batch = new RecordAssertionsRequest();
        while (from + sent < to && claim < data.Claims)
        {
            // The next block of claims: created (a claim whose first word is in this range) before any of its words is sent.
            // The block holds only claims whose first word comes before `to`, so the next range creates none twice.
            var block = new List<int>();
            for (var (c, first) = (claim, before); block.Count < ClaimBatchSize && c < data.Claims && first < to; first += data.Count(c++))
                block.Add(c);
            var fresh = skip == 0 ? block : block.Skip(1).ToList();
            if (fresh.Count > 0)
            {
                var create = new BatchCreateClaimsRequest();
                create.Requests.AddRange(fresh.Select(c => new CreateClaimRequest { Claim = data.Claim(c) }));
                await client.BatchCreateClaimsAsync(create);
                claimsCreated += fresh.Count;
                var decided = fresh.Where(ScaleData.Adjudicated).ToList();
                await Parallel.ForEachAsync(decided, parallel, async (c, ct) =>
                    await client.RecordAdjudicationAsync(new RecordAdjudicationRequest { Adjudication = data.Adjudication(c) }, cancellationToken: ct));
                adjudicated += decided.Count;
            }
            foreach (var c in block)
            {
                foreach (var a in data.Assertions(c, skip))
                {
                    if (from + sent >= to) break;
                    batch.Assertions.Add(a);
                    sent++;
                    if (batch.Assertions.Count == BatchSize)
                    {
                        await call.RequestStream.WriteAsync(batch);
                        batch = new RecordAssertionsRequest();
                    }
                }
                skip = 0;
                before += data.Count(c);
                claim = c + 1;
                if (from + sent >= to) break;
            }
            if (clock.Elapsed.TotalSeconds - lastReport >= 30)
            {
                lastReport = (long)clock.Elapsed.TotalSeconds;
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {from + sent:N0} assertions, {claim:N0} claims, {sent / clock.Elapsed.TotalSeconds:N0}/s"));
            }
        }
        if (batch.Assertions.Count > 0) await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        var response = await call;
        if (response.Recorded != sent)
        {
            await Console.Error.WriteLineAsync($"sent {sent} assertions, the server recorded {response.Recorded} (replayed {response.Replayed})");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sent} {claimsCreated} {adjudicated} {clock.Elapsed.TotalSeconds - sourcesSeconds:F2} {sourcesSeconds:F2} {claim}"));
        return 0;
    }

    /// <summary>Calls GetStatus of one claim every 20 ms (at most 10 minutes) until it succeeds, then prints the Unix
    /// time in seconds: the server is up once Kestrel listens, which it does only after the migrations.</summary>
    public static async Task<int> WaitReadyAsync(string url, string claimId)
    {
        using var channel = GrpcChannel.ForAddress(url);
        var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
        var until = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < until)
        {
            try
            {
                await client.GetStatusAsync(new GetStatusRequest { ClaimId = claimId }, deadline: DateTime.UtcNow.AddSeconds(5));
                break;
            }
            // NOT_FOUND is an answer too (a store without that claim); only a server not yet listening is retried.
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.Unavailable) { await Task.Delay(20); }
            catch (Grpc.Core.RpcException) { break; }
        }
        if (DateTime.UtcNow >= until) return 1;
        Console.WriteLine((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>What the generated data holds (the whole stream drawn, nothing sent): SCALE.md's description of it.</summary>
    public static int Stats(ulong seed)
    {
        var data = new ScaleData(seed);
        var perSource = new int[data.Sources];
        var counts = new int[data.Claims];
        long total = 0, relayed = 0;
        var lastClaimOf = new int[data.Sources];
        Array.Fill(lastClaimOf, -1);
        var claimsOf = new int[data.Sources];
        for (var c = 0; c < data.Claims; c++)
        {
            foreach (var a in data.Assertions(c))
            {
                var s = int.Parse(a.SourceId.AsSpan(4), CultureInfo.InvariantCulture);
                perSource[s]++;
                if (lastClaimOf[s] != c) { lastClaimOf[s] = c; claimsOf[s]++; }
                if (a.ReportedVia.Length > 0) relayed++;
                counts[c]++;
            }
            total += counts[c];
        }
        Array.Sort(counts);
        int At(double p) => counts[(int)(p * (counts.Length - 1))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"claims {data.Claims:N0}, sources {data.Sources:N0}, assertions {total:N0} ({relayed:N0} relayed), adjudicated {data.Claims / 10:N0}"));
        Console.WriteLine($"assertions per claim: min {counts[0]}, p10 {At(0.1)}, p50 {At(0.5)}, p90 {At(0.9)}, p99 {At(0.99)}, p99.9 {At(0.999)}, max {counts[^1]}; "
            + $"claims with 1,000+: {counts.Count(n => n >= 1_000):N0}, 3-30: {counts.Count(n => n is >= 3 and <= 30):N0}");
        var top = Enumerable.Range(0, data.Sources).OrderByDescending(s => claimsOf[s]).Take(8)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{ScaleData.SourceId(s)} {100.0 * claimsOf[s] / data.Claims:F1}%"));
        Console.WriteLine("share of claims a source speaks on, top 8: " + string.Join(", ", top));
        var silent = perSource.Count(n => n == 0);
        Console.WriteLine($"sources with no assertion: {silent:N0}; median assertions of a source that speaks: {perSource.Where(n => n > 0).Order().ElementAt((data.Sources - silent) / 2)}");
        return 0;
    }
}
