using System.Text;
using Grpc.Core;

namespace ClaimStatus.Cli;

/// <summary>Turns a failed call into the words an engineer needs: code, detail, and the fields the server named.</summary>
public static class GrpcErrors
{
    public static string Describe(RpcException ex, string server)
    {
        if (ex.StatusCode == StatusCode.Unavailable)
            return $"UNAVAILABLE: cannot reach the ClaimStatus server at {server} ({ex.Status.Detail})";

        var text = new StringBuilder($"{CodeName(ex.StatusCode)}: {ex.Status.Detail}");
        var badRequest = ex.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>();
        foreach (var violation in badRequest?.FieldViolations ?? [])
        {
            var line = $"{violation.Field}: {violation.Description}";
            // The server often repeats its single violation as the detail.
            if (ex.Status.Detail != line) text.Append($"\n  {line}");
        }
        return text.ToString();
    }

    /// <summary>Bad input is the caller's to fix (2); anything else is a failure (1).</summary>
    public static int ExitCode(RpcException ex) => ex.StatusCode == StatusCode.InvalidArgument ? ExitCodes.Invalid : ExitCodes.Failed;

    /// <summary>The canonical upper-case name (NOT_FOUND), as gRPC documents and other clients print it.</summary>
    public static string CodeName(StatusCode code)
    {
        var name = code.ToString();
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) text.Append('_');
            text.Append(char.ToUpperInvariant(name[i]));
        }
        return text.ToString();
    }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Invalid = 2;
}
