using System.Diagnostics;
using System.Globalization;
using CxGrains.Grains.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace CxGrains.Live.Tests;

/// <summary>
/// Event → push latency through the whole path (gRPC ingest on B, customer grains, accumulator
/// flush, touchpoint grain, B's publisher, A's observer, hub, .NET client). Rounds default to 3
/// (30 pushes); set CX_LIVE_LATENCY_ROUNDS to measure more.
/// </summary>
[Collection(TwoSiloCollection.Name)]
public sealed class LatencyTests(TwoSiloFixture cluster, ITestOutputHelper output)
{
    private const int Touchpoints = 10;

    [Fact]
    public async Task Changes_of_idle_topics_are_pushed_within_a_second()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("CX_LIVE_LATENCY_ROUNDS"), out var r) ? r : 3;
        using var ingest = new TestIngest(cluster.B.GrpcPort, cluster.Keys.Ingest);
        var touchpoints = Enumerable.Range(0, Touchpoints).Select(_ => TestIngest.UniqueId("tp-lat")).ToList();

        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        await hub.StartAsync();
        foreach (var tp in touchpoints)
        {
            await hub.InvokeAsync("Watch", $"touchpoint/{tp}", "ONE_HOUR");
        }

        inbox.Drain();
        var latencies = new List<double>();
        for (var round = 1; round <= rounds + 1; round++)
        {
            // Each topic changes once a round, more than a push interval after its last change.
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            var sent = Stopwatch.GetTimestamp();
            await ingest.SubmitAsync(touchpoints.Select(tp => TestIngest.Csat(tp, 4, "EU")));
            var pending = touchpoints.Select(tp => $"touchpoint/{tp}").ToHashSet();
            while (pending.Count > 0)
            {
                var expected = round;
                var (update, at) = await inbox.NextUpdateAsync(u => pending.Contains(HubInbox.Topic(u)) && HubInbox.Events(u) == expected, $"round {round}");
                pending.Remove(HubInbox.Topic(update));
                if (round > 1)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds); // Round 1 warms up.
                }
            }
        }

        latencies.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"event → push over {latencies.Count} pushes: p50 {Percentile(latencies, 0.50):F0} ms, p90 {Percentile(latencies, 0.90):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms"));

        // Every push arrived (NextUpdateAsync waits for each). The median holds the 1 s target; the
        // tail is measured by the benchmark on a quiet machine: here other test classes share the
        // 2 cores, and one stalled round (a GC pause, a busy scheduler) moves a third of the samples.
        Assert.True(Percentile(latencies, 0.50) < 1000, $"p50 {Percentile(latencies, 0.50):F0} ms");
    }

    [Fact]
    public async Task Busy_topic_is_pushed_at_most_once_per_push_interval_and_every_event_is_shown()
    {
        using var ingest = new TestIngest(cluster.B.GrpcPort, cluster.Keys.Ingest);
        var touchpoint = TestIngest.UniqueId("tp-busy");
        await using var hub = cluster.A.Hub(cluster.Keys.Reader);
        var inbox = new HubInbox(hub);
        var pushes = new List<(long Events, long At, DateTimeOffset AsOf)>();
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", $"touchpoint/{touchpoint}", "ONE_HOUR");
        await inbox.NextUpdateAsync(u => HubInbox.Events(u) == 0, "empty snapshot");
        // Warm-up: activations and storage reads of the first event are not what is measured. The
        // cluster has just started (a silo joining replaces the host registry's activation), and
        // the first change of the freshly watched topic must still be pushed.
        await ingest.SubmitAsync([TestIngest.Csat(touchpoint, 4, "EU")]);
        await inbox.NextUpdateAsync(u => HubInbox.Events(u) == 1, "first change of the watched touchpoint");
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        // One event every 100 ms for 4 s.
        const int Events = 40;
        var sentAt = new long[Events];
        for (var i = 0; i < Events; i++)
        {
            sentAt[i] = Stopwatch.GetTimestamp();
            await ingest.SubmitAsync([TestIngest.Csat(touchpoint, 4, "EU")]);
            await Task.Delay(100);
        }

        while (pushes.Count == 0 || pushes[^1].Events < Events + 1)
        {
            var (update, at) = await inbox.NextUpdateAsync(_ => true, "pushes until every event is shown");
            pushes.Add((HubInbox.Events(update), at, DateTimeOffset.Parse(update.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture)));
        }

        // Throttle: the grain took consecutive pushes of one topic at least the push interval
        // apart (by its own clock: arrival times jitter in transit); the trailing push shows the
        // last event.
        var gaps = pushes.Zip(pushes.Skip(1), (a, b) => (b.AsOf - a.AsOf).TotalMilliseconds).ToList();
        var interval = new LiveOptions().MinPushInterval.TotalMilliseconds;
        Assert.All(gaps, g => Assert.True(g >= interval - 10, $"pushes taken {g:F0} ms apart"));
        Assert.Equal(Events + 1, pushes[^1].Events);

        var latencies = Enumerable.Range(0, Events)
            .Select(i => Stopwatch.GetElapsedTime(sentAt[i], pushes.First(p => p.Events >= i + 2).At).TotalMilliseconds)
            .Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"busy topic, {pushes.Count} pushes for {Events} events: event → push p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms"));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
