using System.Collections.Concurrent;
using CxGrains.Abstractions;
using CxGrains.Scoring;
using CxGrains.TestSupport;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace CxGrains.Grains.Tests;

/// <summary>
/// Ack mode durable, end to end through the grains: writers stream events for many customers across
/// a few touchpoints into a three-silo cluster, one silo is killed mid-stream, and every call that
/// failed is resent unchanged (as a client resends an unacknowledged batch). Afterwards every
/// touchpoint's lifetime count and window counts, and every customer's count, equal what was acked:
/// nothing lost, nothing counted twice. Touchpoints write behind, so with a long write-behind interval
/// the killed silo's touchpoints lose every delivery they had applied, and the senders must resend it.
/// </summary>
[Collection(KillTests.Name)]
public sealed class ExactlyOnceKillTests(ITestOutputHelper output)
{
    private const int Writers = 6;
    private const int CustomersPerWriter = 20;
    private const int BatchesPerCustomer = 5;
    private const int EventsPerBatch = 3;

    [Theory]
    [InlineData("00:00:00.200")]
    [InlineData("00:01:00")]
    public async Task Durable_mode_counts_every_acked_event_exactly_once_in_touchpoints_and_customers_after_a_kill(string touchpointWriteBehind)
    {
        await using var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        await using var cluster = await TestClusters.StartAsync(StoreKind.Postgres, postgres.ConnectionString, 3, "Durable", responseTimeout: TimeSpan.FromSeconds(5),
            extraSettings: new Dictionary<string, string?> { ["Cx:Durability:AggregateWriteBehindInterval"] = touchpointWriteBehind });

        var touchpoints = Enumerable.Range(0, 6).Select(i => TestEvents.UniqueId($"tp{i}")).ToArray();
        var acked = new ConcurrentBag<(string Customer, CustomerEvent Event)>();
        var ackedBatches = 0;
        var resends = 0;
        var now = DateTimeOffset.UtcNow;

        async Task WriteAsync(int writer)
        {
            var random = new Random(writer);
            var customers = Enumerable.Range(0, CustomersPerWriter).Select(i => TestEvents.UniqueId($"w{writer}c{i}")).ToArray();
            for (var batch = 0; batch < BatchesPerCustomer; batch++)
            {
                foreach (var customer in customers)
                {
                    var events = Enumerable.Range(0, EventsPerBatch)
                        .Select(i => TestEvents.Random(random, 1, touchpoints[random.Next(touchpoints.Length)], now, $"{customer}-b{batch}-{i}")[0])
                        .ToList();
                    var result = await ApplyUntilAckedAsync(cluster, customer, events, () => Interlocked.Increment(ref resends));

                    // A resend of a batch stored before the failure reports its events as duplicates.
                    Assert.Equal(EventsPerBatch, result.Applied + result.Duplicates);
                    foreach (var e in events)
                    {
                        acked.Add((customer, e));
                    }

                    Interlocked.Increment(ref ackedBatches);
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w))).ToArray();
        const int Total = Writers * CustomersPerWriter * BatchesPerCustomer;
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref ackedBatches) >= Total / 3 || writers.Any(w => w.IsCompleted)), "a third of the batches acked");
        var victim = await SiloHostingATouchpointAsync(cluster, touchpoints);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        var ackedAtKill = Volatile.Read(ref ackedBatches);
        await Task.WhenAll(writers);
        output.WriteLine($"writers done {watch.Elapsed.TotalSeconds:N1} s after the kill");

        output.WriteLine($"batches acked at the kill: {ackedAtKill} of {Total}; resends: {resends}");
        Assert.True(ackedAtKill < Total, "the kill happened mid-stream");
        Assert.Equal(Total * EventsPerBatch, acked.Count);

        // A durable ack means journaled: the live silos deliver their commits within a flush, and the
        // killed silo's undelivered ones come from the journal once it is declared dead. Equal, not
        // just at least: anything counted twice never converges.
        foreach (var touchpoint in touchpoints)
        {
            var events = acked.Where(a => a.Event.TouchpointId == touchpoint).Select(a => a.Event).ToList();
            var expected = default(MetricCounts);
            foreach (var e in events)
            {
                expected.Record(e.Interaction, ServiceTarget.Default);
            }

            var grain = cluster.Client.GetGrain<ITouchpointGrain>(touchpoint);
            foreach (var window in new[] { WindowKind.OneHour, WindowKind.OneDay })
            {
                var snapshot = await Eventually.ValueAsync(
                    () => RetryReadAsync(() => grain.GetSnapshot(window)),
                    s => s?.LifetimeEvents == events.Count,
                    $"touchpoint {touchpoint} counts its {events.Count} acked events",
                    timeoutSeconds: 120);
                AssertCountsEqual(expected, snapshot!.Counts);
            }
        }

        foreach (var group in acked.GroupBy(a => a.Customer))
        {
            var snapshot = await RetryReadAsync(() => cluster.Client.GetGrain<ICustomerGrain>(group.Key).GetSnapshot());
            Assert.Equal(group.Count(), snapshot?.EventCount);
        }
    }

    // A silo other than the first (it hosts the client's gateway) with touchpoints on it, if there is one.
    private async Task<InProcessSiloHandle> SiloHostingATouchpointAsync(InProcessTestCluster cluster, string[] touchpoints)
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        foreach (var touchpoint in touchpoints)
        {
            var address = await management.GetActivationAddress(cluster.Client.GetGrain<ITouchpointGrain>(touchpoint));
            if (cluster.Silos.Skip(1).FirstOrDefault(silo => silo.SiloAddress.Equals(address)) is { } host)
            {
                output.WriteLine($"killing {host.SiloAddress}, which hosts touchpoint {touchpoint}");
                return host;
            }
        }

        return cluster.Silos[1];
    }

    private static async Task<ApplyResult> ApplyUntilAckedAsync(InProcessTestCluster cluster, string customer, List<CustomerEvent> events, Action onResend)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                return await cluster.Client.GetGrain<ICustomerGrain>(customer).Apply(events);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException && DateTime.UtcNow < deadline)
            {
                // Not acked: resend the same events, as a client resends an unacknowledged batch.
                onResend();
                await Task.Delay(100);
            }
        }
    }

    private static async Task<T> RetryReadAsync<T>(Func<Task<T>> read)
    {
        T value = default!;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                value = await read();
                return true;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                return false;
            }
        }, "a read after the kill", timeoutSeconds: 90);
        return value;
    }

    private static void AssertCountsEqual(MetricCounts expected, MetricCounts actual)
    {
        // Sums of doubles may differ in the last bits with the order of merging; everything else is exact.
        Assert.Equal(expected.WaitSum, actual.WaitSum, 6);
        Assert.Equal(expected.WaitSumOfSquares, actual.WaitSumOfSquares, 3);
        Assert.Equal(expected.AnsweredWaitSum, actual.AnsweredWaitSum, 6);
        Assert.Equal(expected.HandleSum, actual.HandleSum, 6);
        actual.WaitSum = expected.WaitSum;
        actual.WaitSumOfSquares = expected.WaitSumOfSquares;
        actual.AnsweredWaitSum = expected.AnsweredWaitSum;
        actual.HandleSum = expected.HandleSum;
        Assert.Equal(expected, actual);
    }
}
