namespace CxGrains.LoadGen;

/// <summary>
/// The run could not reach the ingest service, or the service refused it (bad API key, unknown method,
/// oversized batches). <see cref="Summary"/> holds what the run did before it stopped.
/// </summary>
public sealed class LoadConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LoadConnectionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LoadConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LoadConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message, its cause and the partial run summary.</summary>
    public LoadConnectionException(string message, Exception? innerException, LoadSummary? summary)
        : base(message, innerException)
    {
        Summary = summary;
    }

    /// <summary>Totals of the run up to the failure, when known.</summary>
    public LoadSummary? Summary { get; }
}
