using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Runs one expensive readiness probe at most once per <see cref="ReadinessOptions.CacheFor"/>,
/// with a timeout, and shares the answer between concurrent callers.
/// </summary>
internal sealed partial class ReadinessProbe(
    string name,
    Func<CancellationToken, Task<HealthCheckResult>> probe,
    ReadinessOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HealthCheckResult _last;
    private long _lastAt;
    private bool _hasLast;

    /// <summary>The cached answer, or a fresh one when the cached one is too old.</summary>
    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (IsFresh())
        {
            return _last;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh())
            {
                return _last;
            }

            HealthCheckResult result;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            try
            {
                result = await probe(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = HealthCheckResult.Unhealthy($"no answer within {options.Timeout.TotalSeconds:0.###} s");
                LogProbeTimedOut(logger, name, options.Timeout);
            }
            catch (Exception ex)
            {
                // /readyz needs no key, so its body names the failure only; the details go to the log.
                result = HealthCheckResult.Unhealthy($"{ex.GetType().Name} (details in the log)");
                LogProbeFailed(logger, name, ex);
            }

            _last = result;
            _lastAt = time.GetTimestamp();
            _hasLast = true;
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Readiness probe {Check} failed")]
    private static partial void LogProbeFailed(ILogger logger, string check, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Readiness probe {Check} got no answer within {Timeout}")]
    private static partial void LogProbeTimedOut(ILogger logger, string check, TimeSpan timeout);

    private bool IsFresh() => _hasLast && time.GetElapsedTime(_lastAt) < options.CacheFor;
}
