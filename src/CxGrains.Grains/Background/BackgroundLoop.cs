namespace CxGrains.Grains.Background;

/// <summary>
/// A service that runs passes in the background between a start and a stop: every
/// <c>period</c>, or whenever <see cref="WaitForNextPassAsync"/> says so. A failed pass is logged
/// (<see cref="LogPassFailed"/>) and the loop goes on, retrying it after a backoff when
/// <see cref="Retry"/> is set. The stop cancels the loop, waits for a pass in flight and then runs
/// <see cref="OnStoppingAsync"/> once, so a final pass never overlaps a running one.
/// </summary>
/// <remarks>
/// Lifecycle-agnostic: <see cref="SiloBackgroundLoop"/> runs it at a silo lifecycle stage, and a
/// host's service can be an <c>IHostedService</c> as it is, since <see cref="StartAsync"/> and
/// <see cref="StopAsync"/> have that interface's shape. Not .NET's <c>BackgroundService</c>: that one
/// stops its loop when the start token is cancelled, and gives up waiting for a running pass when the
/// stop token is, after which a final pass would overlap it.
/// </remarks>
public abstract class BackgroundLoop : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan? _period;
    private PeriodicTimer? _timer;
    private Task _loop = Task.CompletedTask;
    private int _state; // 0 new, 1 started, 2 stopped

    /// <summary>Creates the loop.</summary>
    /// <param name="time">The clock of the period and the retry backoff.</param>
    /// <param name="period">
    /// The time between passes; null when the subclass decides by overriding <see cref="WaitForNextPassAsync"/>.
    /// </param>
    protected BackgroundLoop(TimeProvider time, TimeSpan? period = null)
    {
        Time = time;
        _period = period;
    }

    /// <summary>The loop's clock.</summary>
    protected TimeProvider Time { get; }

    /// <summary>When set, a failed pass is retried after a backoff instead of waiting for the next pass. Default none.</summary>
    protected virtual RetryBackoff? Retry => null;

    /// <summary>Whether <see cref="StartAsync"/> runs a first pass, and waits for it, before the loop starts. Default false.</summary>
    protected virtual bool FirstPassOnStart => false;

    /// <summary>Starts the loop. Returns once the loop runs (after the first pass, when <see cref="FirstPassOnStart"/>).</summary>
    public virtual async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            return;
        }

        // Made here, not in the loop: ticks count from the start, even before the loop first waits.
        _timer = _period is { } period ? new PeriodicTimer(period, Time) : null;
        var failed = FirstPassOnStart && !await TryRunPassAsync();
        _loop = Task.Run(() => LoopAsync(failed), CancellationToken.None);
    }

    /// <summary>
    /// Stops the loop, waits for a pass in flight, then runs <see cref="OnStoppingAsync"/> once.
    /// Does nothing when the loop never started (and it will not start then) or has stopped already.
    /// </summary>
    public virtual async Task StopAsync(CancellationToken cancellationToken)
    {
        // A loop stopped before it started never starts.
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop;
        await OnStoppingAsync(cancellationToken);
    }

    /// <summary>One pass. <paramref name="stopping"/> is cancelled when the loop stops.</summary>
    protected abstract Task RunOnceAsync(CancellationToken stopping);

    /// <summary>Logs a pass that failed; the loop goes on.</summary>
    protected abstract void LogPassFailed(Exception exception);

    /// <summary>
    /// Waits until the next pass is due; false ends the loop. By default, the next tick of the period.
    /// Cancelled when the loop stops.
    /// </summary>
    protected virtual ValueTask<bool> WaitForNextPassAsync(CancellationToken stopping) =>
        _timer?.WaitForNextTickAsync(stopping)
        ?? throw new InvalidOperationException($"{GetType().Name} has no period: pass one or override {nameof(WaitForNextPassAsync)}.");

    /// <summary>The final pass, run once after the loop ended. By default nothing.</summary>
    protected virtual Task OnStoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LoopAsync(bool failed)
    {
        var stopping = _stopping.Token;
        var backoff = Retry?.First ?? TimeSpan.Zero;
        try
        {
            while (true)
            {
                if (failed && Retry is { } retry)
                {
                    await Task.Delay(backoff, Time, stopping);
                    backoff = retry.Next(backoff);
                }
                else
                {
                    backoff = Retry?.First ?? TimeSpan.Zero;
                    if (!await WaitForNextPassAsync(stopping))
                    {
                        return;
                    }
                }

                failed = !await TryRunPassAsync();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: StopAsync runs the final pass.
        }
        finally
        {
            _timer?.Dispose();
        }
    }

    private async Task<bool> TryRunPassAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            await RunOnceAsync(stopping);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogPassFailed(ex);
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the stop signal; subclasses release their own resources too.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
        }
    }
}
