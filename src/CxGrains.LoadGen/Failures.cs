using Grpc.Core;

namespace CxGrains.LoadGen;

/// <summary>Tells failures worth a reconnect from those that would only fail again, and words them.</summary>
internal static class Failures
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

    public static LoadConnectionException Refused(Uri url, Exception exception)
    {
        var rpc = (RpcException)exception;
        var hint = rpc.StatusCode switch
        {
            StatusCode.Unauthenticated or StatusCode.PermissionDenied => "check the ingest API key (--api-key)",
            StatusCode.Unimplemented => "is this a CxGrains ingest endpoint? (--url)",
            StatusCode.ResourceExhausted => "batches are larger than the server accepts; use a smaller --batch",
            _ => "the server refused the request",
        };
        return new LoadConnectionException($"The ingest service at {url} refused the run: {Describe(exception)} — {hint}.", exception);
    }

    public static LoadConnectionException GaveUp(Uri url, int attempts, Exception exception) => new(
        $"Cannot reach the ingest service at {url}: {attempts} connection attempts in a row failed; last error: {Describe(exception)}.",
        exception);

    public static string Describe(Exception exception) => exception switch
    {
        RpcException { Status.DebugException: { } cause } rpc => $"{rpc.StatusCode} ({rpc.Status.Detail} {cause.Message})",
        RpcException rpc when !string.IsNullOrEmpty(rpc.Status.Detail) => $"{rpc.StatusCode} ({rpc.Status.Detail})",
        RpcException rpc => rpc.StatusCode.ToString(),
        _ => $"{exception.GetType().Name} ({exception.Message})",
    };
}
