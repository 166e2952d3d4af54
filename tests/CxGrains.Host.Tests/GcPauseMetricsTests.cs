using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CxGrains.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CxGrains.Host.Tests;

public sealed class GcPauseMetricsTests
{
    [Fact]
    public async Task Every_collection_is_recorded_as_one_pause_as_long_as_the_runtime_counts_it()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var pauses = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GcPauseMetrics.MeterName && instrument.Name == "cx_gc_pause_duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => pauses.Enqueue(seconds));
        listener.Start();

        var pausedBefore = GC.GetTotalPauseDuration();
        using var gcPauses = new GcPauseMetrics(services.GetRequiredService<IMeterFactory>());

        // Blocking collections, each one suspension of the runtime: one pause. The runtime delivers its events to
        // listeners a little later, on its own thread.
        const int Pauses = 5;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (pauses.Count < Pauses && DateTime.UtcNow < deadline)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            await Task.Delay(50);
        }

        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var recorded = pauses.ToArray();
        Assert.True(recorded.Length >= Pauses, $"{recorded.Length} pauses recorded");
        Assert.All(recorded, seconds => Assert.InRange(seconds, 0, 10));

        // Every recorded pause began after the runtime's total was read: together they are at most what it counted
        // since (its timer and the events' differ by microseconds), and more than nothing.
        Assert.InRange(recorded.Sum(), double.Epsilon, paused.TotalSeconds + (0.001 * recorded.Length));
    }
}
