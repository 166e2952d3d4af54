namespace CxGrains.TestingHost;

/// <summary>A host process ended before it was ready; the message carries the end of its output.</summary>
public sealed class HostExitedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HostExitedException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public HostExitedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public HostExitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
