using System.Diagnostics;
using System.Globalization;
using ClaimStatus.BenchHost.V1;
using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ClaimStatus.BenchHost;

/// <summary>Unary calls from N concurrent callers spread over K HTTP/2 connections for a fixed time (and at most
/// a fixed number of calls), per kind of call, one kind after the other; prints "kind calls/s p50_ms p99_ms" per
/// kind; every call must succeed (exit code 1 otherwise). It exists because h2load sends one body over and over,
/// and "GetStatus of random claims" needs a different claim per call; the empty call is measured with it too, so
/// its ratios compare like with like.
/// Kinds: empty, health, basic and full (one claim), random (GetStatus BASIC of a uniformly random claim), batch
/// (BatchGetStatus BASIC of 100 random claims), asof (GetStatus BASIC of a random claim at --as-of, a time in the
/// past), list (the first page of 100 of ListClaims by status, the three statuses in turn).
/// Usage: load --server URL [--kinds empty,health,basic,full,random] [--seconds 3] [--max-calls 1000000]
/// [--concurrency 32] [--connections 8] [--claims 5000] [--id-format claim-{0:00000}] [--claim claim-00007]
/// [--as-of 2025-10-01T00:00:00Z] [--warmup-seconds 1] [--seed 1]</summary>
static class LoadGenerator
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        string Get(string key, string fallback) => options.GetValueOrDefault(key, fallback);
        int Number(string key, int fallback) => int.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var server = options.TryGetValue("server", out var url) ? url : throw new ArgumentException("load needs --server URL");
        var kinds = Get("kinds", "empty,health,basic,full,random").Split(',');
        int seconds = Number("seconds", 3), warmup = Number("warmup-seconds", 1), maxCalls = Number("max-calls", 1_000_000);
        var concurrency = Number("concurrency", 32);
        var format = Get("id-format", "claim-{0:00000}");
        var claimIds = Enumerable.Range(0, Number("claims", 5_000)).Select(c => string.Format(CultureInfo.InvariantCulture, format, c)).ToArray();
        var asOf = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(Get("as-of", "2025-10-01T00:00:00Z"), CultureInfo.InvariantCulture));
        var hot = Get("claim", "claim-00007");
        var seed = Number("seed", 1);

        var channels = Enumerable.Range(0, Number("connections", 8)).Select(_ => GrpcChannel.ForAddress(server)).ToArray();
        try
        {
            var failures = 0;
            foreach (var kind in kinds)
            {
                var call = Caller(kind, hot, claimIds, asOf);
                failures += (await MeasureAsync(channels, call, warmup, maxCalls, concurrency, seed)).Failed; // JIT, pools, caches
                var (rate, latencies, failed) = await MeasureAsync(channels, call, seconds, maxCalls, concurrency, seed);
                failures += failed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{kind} {rate:F1} {Percentile(latencies, 0.50):F3} {Percentile(latencies, 0.99):F3}"));
            }
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var channel in channels) channel.Dispose();
        }
    }

    delegate Task Call(GrpcChannel channel, Random random);

    static readonly ClaimStatus.Contracts.V1.Status[] ListStatuses =
        [ClaimStatus.Contracts.V1.Status.Confirmed, ClaimStatus.Contracts.V1.Status.Denied, ClaimStatus.Contracts.V1.Status.Unverified];

    static Call Caller(string kind, string hot, string[] claimIds, Timestamp asOf)
    {
        var deadline = () => DateTime.UtcNow.AddSeconds(30);
        var basic = new GetStatusRequest { ClaimId = hot, View = StatusView.Basic };
        var full = new GetStatusRequest { ClaimId = hot, View = StatusView.Full };
        return kind switch
        {
            "empty" => async (c, _) => await new Bench.BenchClient(c).EmptyAsync(new EmptyRequest(), deadline: deadline()),
            "health" => async (c, _) => await new Health.HealthClient(c).CheckAsync(new HealthCheckRequest(), deadline: deadline()),
            "basic" => async (c, _) => await new ClaimStatusService.ClaimStatusServiceClient(c).GetStatusAsync(basic, deadline: deadline()),
            "full" => async (c, _) => await new ClaimStatusService.ClaimStatusServiceClient(c).GetStatusAsync(full, deadline: deadline()),
            // Uniform over all claims: each call very likely reads a claim no recent call read.
            "random" => async (c, r) => await new ClaimStatusService.ClaimStatusServiceClient(c).GetStatusAsync(
                new GetStatusRequest { ClaimId = claimIds[r.Next(claimIds.Length)], View = StatusView.Basic }, deadline: deadline()),
            "batch" => async (c, r) =>
            {
                var request = new BatchGetStatusRequest { View = StatusView.Basic };
                for (var i = 0; i < 100; i++) request.ClaimIds.Add(claimIds[r.Next(claimIds.Length)]);
                await new ClaimStatusService.ClaimStatusServiceClient(c).BatchGetStatusAsync(request, deadline: deadline());
            },
            "asof" => async (c, r) => await new ClaimStatusService.ClaimStatusServiceClient(c).GetStatusAsync(
                new GetStatusRequest { ClaimId = claimIds[r.Next(claimIds.Length)], View = StatusView.Basic, AsOf = asOf }, deadline: deadline()),
            "list" => async (c, r) => await new ClaimStatusService.ClaimStatusServiceClient(c).ListClaimsAsync(
                new ListClaimsRequest { PageSize = 100, Status = ListStatuses[r.Next(ListStatuses.Length)] }, deadline: deadline()),
            _ => throw new ArgumentException($"unknown kind '{kind}': empty, health, basic, full, random, batch, asof or list"),
        };
    }

    static async Task<(double Rate, double[] LatenciesMs, int Failed)> MeasureAsync(
        GrpcChannel[] channels, Call call, int seconds, int maxCalls, int concurrency, int seed)
    {
        var latencies = new double[maxCalls];
        var next = -1;
        var failed = 0;
        var started = Stopwatch.GetTimestamp();
        var end = started + seconds * Stopwatch.Frequency;
        var callers = Enumerable.Range(0, concurrency).Select(n => Task.Run(async () =>
        {
            var channel = channels[n % channels.Length];
            var random = new Random(seed * 1_000 + n);
            for (int i; Stopwatch.GetTimestamp() < end && (i = Interlocked.Increment(ref next)) < maxCalls;)
            {
                var t0 = Stopwatch.GetTimestamp();
                try { await call(channel, random); }
                catch (RpcException ex)
                {
                    if (Interlocked.Increment(ref failed) == 1) await Console.Error.WriteLineAsync($"call failed: {ex.Status}");
                }
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        })).ToArray();
        await Task.WhenAll(callers);
        // Calls still in flight at the end finish before the clock stops, so they count.
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var done = Math.Min(next + 1, maxCalls);
        return (done / elapsed, latencies[..done], failed);
    }

    static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
