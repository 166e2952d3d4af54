using CxGrains.Client;
using Grpc.Core;

namespace CxGrains.LoadGen;

/// <summary>Tells failures worth a reconnect from those that would only fail again, and words them.</summary>
internal static class Failures
{
    /// <summary>Refusals that a resend cannot fix: wrong key, wrong server, batch too large.</summary>
    public static bool IsFatal(Exception exception) => IngestFailures.IsFatal(exception);

    /// <summary>The client's reason for giving up, worded for the command line.</summary>
    public static LoadConnectionException From(CxIngestException exception) => exception switch
    {
        { Refused: true, Endpoint: { } endpoint, InnerException: { } cause } => Refused(endpoint, cause),
        { Endpoint: { } endpoint, InnerException: { } cause } => GaveUp(endpoint, exception.Attempts, cause),
        _ => new LoadConnectionException(exception.Message, exception),
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

    public static string Describe(Exception exception) => IngestFailures.Describe(exception);
}
