namespace CxGrains.Host.Hosting;

/// <summary>
/// Keeps a front end trying to reach the cluster at start-up, so that front ends and silos can start in any
/// order: retries with a growing delay (up to 5 s) until the host stops.
/// </summary>
internal sealed partial class GatewayConnectionRetry(ILogger<GatewayConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private int _attempts;

    /// <inheritdoc />
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        LogRetry(logger, attempt, exception.Message);
        var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * Math.Pow(2, Math.Min(attempt - 1, 5))));
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No cluster gateway reachable yet (attempt {Attempt}): {Reason}; retrying")]
    private static partial void LogRetry(ILogger logger, int attempt, string reason);
}
