using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ClaimStatus.Server.Telemetry;

/// <summary>The project's one ActivitySource and one Meter, and the instruments on it.</summary>
public static class ClaimStatusTelemetry
{
    public const string Name = "ClaimStatus";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> ScoringDuration = Meter.CreateHistogram<double>(
        "claimstatus.scoring.duration", unit: "s", description: "Time to score one claim with the engine.");
    public static readonly Counter<long> StatusesComputed = Meter.CreateCounter<long>(
        "claimstatus.statuses.computed", unit: "{status}", description: "Statuses computed, by status.");
    public static readonly Counter<long> StatusReads = Meter.CreateCounter<long>(
        "claimstatus.status.reads", unit: "{status}",
        description: "Statuses read, by how they were answered: stored (the kept current assessment) or computed (from the evidence).");
    public static readonly Counter<long> StatusTransitions = Meter.CreateCounter<long>(
        "claimstatus.status.transitions", unit: "{transition}", description: "Stored changes of a claim's status.");
    public static readonly Counter<long> AssertionsIngested = Meter.CreateCounter<long>(
        "claimstatus.assertions.ingested", unit: "{assertion}", description: "Assertions newly stored.");
    public static readonly Gauge<int> DatabaseReady = Meter.CreateGauge<int>(
        "claimstatus.database.ready", unit: "{ready}", description: "1 while the database can be read and written (readiness), else 0.");
    public static readonly Counter<long> DatabaseNotReady = Meter.CreateCounter<long>(
        "claimstatus.database.not_ready", unit: "{change}", description: "Changes of readiness to NOT_SERVING, by reason.");
    public static readonly Counter<long> WatchMemoryTrims = Meter.CreateCounter<long>(
        "claimstatus.watch.memory_trims", unit: "{collection}", description: "Compacting collections run after a storm of watch streams closed (Watch:TrimAfterClosedStreams).");
    public static readonly Histogram<long> ImportBatchSize = Meter.CreateHistogram<long>(
        "claimstatus.import.batch_size", unit: "{assertion}", description: "Assertions per streamed batch.");
}
