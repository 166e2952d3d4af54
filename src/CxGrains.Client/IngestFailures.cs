using Grpc.Core;

namespace CxGrains.Client;

/// <summary>Tells failures worth a reconnect from those that would only fail again, and words them.</summary>
public static class IngestFailures
{
    /// <summary>Refusals that a resend cannot fix: wrong key, wrong server, batch too large.</summary>
    public static bool IsFatal(Exception exception) => exception is RpcException
    {
        StatusCode: StatusCode.Unauthenticated
            or StatusCode.PermissionDenied
            or StatusCode.Unimplemented
            or StatusCode.InvalidArgument
            or StatusCode.ResourceExhausted,
    };

    /// <summary>A one-line account of a failure: the gRPC status and its detail, or the exception's type and message.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        RpcException { Status.DebugException: { } cause } rpc => $"{rpc.StatusCode} ({rpc.Status.Detail} {cause.Message})",
        RpcException rpc when !string.IsNullOrEmpty(rpc.Status.Detail) => $"{rpc.StatusCode} ({rpc.Status.Detail})",
        RpcException rpc => rpc.StatusCode.ToString(),
        _ => $"{exception.GetType().Name} ({exception.Message})",
    };

    internal static CxIngestException Refused(Uri endpoint, Exception cause) =>
        new($"The ingest service at {endpoint} refused the stream: {Describe(cause)}.", cause, endpoint, 1, refused: true);

    internal static CxIngestException GaveUp(Uri endpoint, int attempts, Exception cause) =>
        new($"Cannot reach the ingest service at {endpoint}: {attempts} connection attempts in a row failed; last error: {Describe(cause)}.",
            cause, endpoint, attempts, refused: false);
}
