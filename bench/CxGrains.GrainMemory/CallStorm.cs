using System.Diagnostics;

namespace CxGrains.GrainMemory;

/// <summary>
/// Calls active grains picked uniformly at random, a fixed number at a time, and reports what the
/// garbage collector paused for meanwhile. Every call touches an old activation, so a young collection
/// here pays for the old objects one call writes to: Orleans' alone with trivial grains.
/// </summary>
public static class CallStorm
{
    private const int CallsInFlight = 2000;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs the storm and prints its figures.</summary>
    /// <param name="duration">How long to call.</param>
    /// <param name="grains">How many grains there are to pick from.</param>
    /// <param name="call">Calls grain number <c>i</c> with call number <c>n</c> (unique per call).</param>
    public static async Task RunAsync(TimeSpan duration, int grains, Func<int, int, Task> call)
    {
        var pauses = new LongestPauses(GC.GetGCMemoryInfo(GCKind.Any).Index);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(() => pauses.SampleUntilAsync(SampleInterval, sampling.Token));

        Console.WriteLine($"storm: calling {grains:N0} grains for {duration.TotalSeconds:N0} s (pid {Environment.ProcessId})");
        var random = new Random(42);
        var gen0Before = GC.CollectionCount(0);
        var gen1Before = GC.CollectionCount(1);
        var gen2Before = GC.CollectionCount(2);
        var pausedBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var calls = 0;
        while (watch.Elapsed < duration)
        {
            var wave = new Task[CallsInFlight];
            for (var k = 0; k < wave.Length; k++)
            {
                wave[k] = call(random.Next(grains), calls++);
            }

            await Task.WhenAll(wave);
        }

        var elapsed = watch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;
        await sampling.CancelAsync();
        await sampler;

        Console.WriteLine($"storm: {calls:N0} calls in {elapsed.TotalSeconds:N1} s, {calls / elapsed.TotalSeconds:N0}/s, {cpu.TotalMicroseconds / calls:N1} µs CPU and {allocated / (double)calls:N0} B allocated per call");
        Console.WriteLine($"storm GC: {gen0:N0} collections ({GC.CollectionCount(1) - gen1Before:N0} gen1, {GC.CollectionCount(2) - gen2Before:N0} gen2), paused {paused.TotalMilliseconds:N0} ms = {paused / elapsed:P1} of the time, {paused.TotalMilliseconds / Math.Max(gen0, 1):N1} ms per collection, {paused.TotalMicroseconds / calls:N2} µs per call");
        Console.WriteLine($"storm GC: longest pauses seen {pauses.Describe()}");
    }

    /// <summary>The pauses of the collections seen by sampling <see cref="GC.GetGCMemoryInfo(GCKind)"/>.</summary>
    private sealed class LongestPauses(long indexBefore)
    {
        private readonly Dictionary<long, (TimeSpan Pause, int Generation, long PromotedBytes)> _byIndex = [];

        public async Task SampleUntilAsync(TimeSpan interval, CancellationToken stop)
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    var info = GC.GetGCMemoryInfo(GCKind.Any);
                    if (info.Index > indexBefore)
                    {
                        _byIndex[info.Index] = (info.PauseDurations[0] + info.PauseDurations[1], info.Generation, info.PromotedBytes);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public string Describe() => string.Join(", ", _byIndex.Values
            .OrderByDescending(p => p.Pause)
            .Take(5)
            .Select(p => $"{p.Pause.TotalMilliseconds:N0} ms (gen{p.Generation}, {p.PromotedBytes / 1048576.0:N1} MiB promoted)"))
            + $"; {_byIndex.Count} sampled, median {Median():N0} ms";

        private double Median()
        {
            var sorted = _byIndex.Values.Select(p => p.Pause.TotalMilliseconds).Order().ToArray();
            return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
        }
    }
}
