namespace CxGrains.Client;

/// <summary>
/// The client gave up: the server refused the stream (bad API key, not an ingest endpoint, batches too large), or
/// <see cref="CxIngestClientOptions.MaxReconnectAttempts"/> connection attempts in a row acknowledged nothing.
/// Once thrown, the client is faulted: every later call throws it again.
/// </summary>
public sealed class CxIngestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CxIngestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CxIngestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CxIngestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CxIngestException(string message, Exception cause, Uri endpoint, int attempts, bool refused)
        : base(message, cause)
    {
        Endpoint = endpoint;
        Attempts = attempts;
        Refused = refused;
    }

    /// <summary>The endpoint of the last attempt.</summary>
    public Uri? Endpoint { get; }

    /// <summary>Connection attempts in a row that failed (1 for a refusal).</summary>
    public int Attempts { get; }

    /// <summary>True when the server refused (a resend could not help); false when it could not be reached.</summary>
    public bool Refused { get; }
}
