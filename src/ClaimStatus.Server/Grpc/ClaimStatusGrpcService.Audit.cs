using System.Diagnostics;
using ClaimStatus.Server.Security;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

// Audit: every write stores who made it, and its span says so.
public sealed partial class ClaimStatusGrpcService
{
    /// <summary>The longest principal name the stores keep (the recorded_by columns of migration 0005).</summary>
    public const int MaxRecorderLength = 400;

    /// <summary>The span tag naming a write's recorder.</summary>
    public const string RecordedByTag = "claimstatus.recorded_by";

    /// <summary>The caller a write is recorded under, tagged on the call's span.</summary>
    /// <remarks>A longer name is refused rather than cut: two identities sharing a prefix must not read alike
    /// in the audit trail.</remarks>
    static string Recorder(ServerCallContext context)
    {
        var name = Callers.Name(context);
        if (name.Length > MaxRecorderLength)
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"the caller's name is longer than the {MaxRecorderLength} characters an audit record keeps"));
        Activity.Current?.SetTag(RecordedByTag, name);
        return name;
    }

    static void OutputOnly(RequestValidator v, string field, string recordedBy)
    {
        if (recordedBy.Length > 0) v.Fail(field, "is output only");
    }
}
