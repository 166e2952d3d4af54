using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Runs one expensive readiness probe at most once per <see cref="ReadinessOptions.CacheFor"/>,
/// with a timeout, and shares the answer between concurrent callers.
/// </summary>
internal sealed class ReadinessProbe(Func<CancellationToken, Task<HealthCheckResult>> probe, ReadinessOptions options, TimeProvider time) : IDisposable
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
            }
            catch (Exception ex)
            {
                // The message only: exceptions of database drivers can carry connection details.
                result = HealthCheckResult.Unhealthy($"{ex.GetType().Name}: {ex.Message}");
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

    private bool IsFresh() => _hasLast && time.GetElapsedTime(_lastAt) < options.CacheFor;
}
