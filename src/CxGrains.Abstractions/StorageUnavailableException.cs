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

    /// <summary>
    /// The exception for <paramref name="what"/> failing with <paramref name="cause"/>. The cause's message is kept
    /// in the message, not the cause itself: the exception crosses silo boundaries, and Orleans has no codec for
    /// many drivers' exceptions (Npgsql's <c>PostgresException</c> among them), so a cause inside would turn the
    /// reply into a serialization failure that says nothing about storage.
    /// </summary>
    /// <param name="what">What could not be done, e.g. "the customer's events could not be journaled".</param>
    /// <param name="cause">The store's exception.</param>
    public static StorageUnavailableException Because(string what, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new StorageUnavailableException($"storage is unavailable: {what}: {cause.Message}");
    }

    /// <summary>Creates the exception with a message and its cause (which must be serializable by Orleans to cross silos).</summary>
    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
