namespace CxGrains.TestingHost;

/// <summary>
/// Starts a server on ports that were free a moment ago, and starts it again on fresh ports when it
/// fails: another process may take a port between <see cref="FreePort"/> handing it out and the
/// server binding it.
/// </summary>
public static class PortRetry
{
    /// <summary>Attempts before the last failure is thrown.</summary>
    public const int Attempts = 3;

    /// <summary>Runs <paramref name="start"/> until it succeeds, at most <see cref="Attempts"/> times.</summary>
    /// <param name="start">One attempt: allocates its own ports, and cleans up after itself when it fails.</param>
    /// <param name="retryWhen">Which failures are worth another attempt; by default every one.</param>
    /// <param name="cancellationToken">Stops further attempts.</param>
    public static async Task<T> StartAsync<T>(
        Func<Task<T>> start,
        Func<Exception, bool>? retryWhen = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start();
            }
            catch (Exception e) when (attempt < Attempts && !cancellationToken.IsCancellationRequested && (retryWhen?.Invoke(e) ?? true))
            {
                // The next attempt allocates fresh ports.
            }
        }
    }
}
