using System.Diagnostics;

namespace CxGrains.Bench;

/// <summary>A running process's CPU time, sampled in the background with Stopwatch timestamps.</summary>
public sealed class CpuSampler : IAsyncDisposable
{
    private readonly List<(long Timestamp, double Seconds)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    internal CpuSampler(int processId, TimeSpan interval) => _loop = Task.Run(() => LoopAsync(processId, interval));

    /// <summary>The CPU seconds of the latest sample taken at or before <paramref name="timestamp"/>; 0 if none was.</summary>
    public double SecondsAt(long timestamp)
    {
        lock (_samples)
        {
            var latest = 0.0;
            foreach (var (at, seconds) in _samples)
            {
                if (at <= timestamp)
                {
                    latest = seconds;
                }
            }

            return latest;
        }
    }

    /// <summary>Stops sampling.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task LoopAsync(int processId, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            if (ProcessCpu.Seconds(processId) is not { } seconds)
            {
                return;
            }

            lock (_samples)
            {
                _samples.Add((Stopwatch.GetTimestamp(), seconds));
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token));
    }
}
