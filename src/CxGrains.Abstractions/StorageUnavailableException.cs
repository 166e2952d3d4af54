namespace CxGrains.Abstractions;

/// <summary>
/// A durable-mode apply could not be made durable now: the state holding the events could not be
/// written, or their touchpoints did not confirm them in time. Nothing is acknowledged; a resend is
/// safe (it never counts twice) and is acknowledged once storage answers again.
/// </summary>
[GenerateSerializer, Alias("cx.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
