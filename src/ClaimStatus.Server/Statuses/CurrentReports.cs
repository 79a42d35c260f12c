using ClaimStatus.Contracts.V1;
using ClaimStatus.Scoring;
using ClaimStatus.Server.Grpc;
using Google.Protobuf;

namespace ClaimStatus.Server.Statuses;

/// <summary>A claim's kept current assessment as read from the store: the BASIC report's bytes and, when asked
/// for, the bytes of what the FULL view adds.</summary>
public sealed record StoredAssessment(string ClaimId, byte[] Summary, byte[]? Detail);

/// <summary>How a current assessment is kept: as the reply itself, so a read is a parse, not a scoring. The two parts
/// hold disjoint fields of <see cref="StatusReport"/>, so merging the second into the first gives the FULL report.
/// The time fields are left out: the stored report is exact for any read time in its validity window, and the read
/// fills in its own.</summary>
public static class CurrentReports
{
    /// <summary>Claims with more contributions keep only the BASIC report: encoding and rewriting every contribution at
    /// each write would cost more than scoring them again for the rare FULL read.</summary>
    public const int MaxKeptContributions = 1000;

    /// <returns>The BASIC report's bytes, and those of what FULL adds (null above <see cref="MaxKeptContributions"/>).</returns>
    public static (byte[] Summary, byte[]? Detail) Encode(ClaimAssessment assessment)
    {
        var summary = Mapping.ToContract(assessment, full: false);
        summary.AsOf = null;
        if (assessment.Contributions.Count > MaxKeptContributions) return (summary.ToByteArray(), null);
        var full = Mapping.ToContract(assessment, full: true);
        var detail = new StatusReport { ContributionsTotal = full.ContributionsTotal };
        detail.Decision.Add(full.Decision);
        foreach (var contribution in full.Contributions)
        {
            contribution.Learned.AsOf = null;
            detail.Contributions.Add(contribution);
        }
        return (summary.ToByteArray(), detail.ToByteArray());
    }

    /// <summary>The report as of the read's time: FULL with every contribution when the detail was read.</summary>
    public static StatusReport Decode(StoredAssessment stored, DateTimeOffset asOf)
    {
        var report = StatusReport.Parser.ParseFrom(stored.Summary);
        var time = Mapping.ToTimestamp(asOf);
        report.AsOf = time;
        if (stored.Detail is null) return report;
        report.MergeFrom(stored.Detail);
        foreach (var contribution in report.Contributions) contribution.Learned.AsOf = time;
        return report;
    }
}
