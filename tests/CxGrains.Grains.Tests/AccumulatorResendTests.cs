using CxGrains.Abstractions;
using CxGrains.Scoring;
using CxGrains.TestingHost;
using CxGrains.TestSupport;

namespace CxGrains.Grains.Tests;

/// <summary>
/// An accumulator's send whose reply is lost after the touchpoint merged it. Orleans fails a call at the
/// sender when the silo it was addressed to leaves the cluster, even if that silo had forwarded it to a new
/// activation elsewhere that ran it: around a graceful stop, a touchpoint can merge a delta whose sender
/// saw a failure and sends it again.
/// </summary>
public sealed class AccumulatorResendTests
{
    private const int RepliesLost = 2;

    [Fact]
    public async Task A_touchpoint_counts_a_delta_once_however_often_its_reply_was_lost()
    {
        using var directory = new TempDirectory();
        var touchpointId = TestEvents.UniqueId("tp-lost-reply");
        var merges = 0;
        await using var cluster = await TestClusters.StartAsync(StoreKind.Sqlite, directory.Combine("grains.db"), 1, "Applied",
            configureSilo: silo => silo.AddOutgoingGrainCallFilter(async call =>
            {
                if (call.InterfaceMethod?.Name != nameof(IAggregateGrain.Merge) || call.TargetId.Key.ToString() != touchpointId)
                {
                    await call.Invoke();
                    return;
                }

                // The touchpoint runs the merge; its first replies never reach the sender.
                var merge = Interlocked.Increment(ref merges);
                await call.Invoke();
                if (merge <= RepliesLost)
                {
                    throw new SiloUnavailableException($"reply to merge {merge} lost (test)");
                }
            }));

        var customerId = TestEvents.UniqueId("cust-lost-reply");
        var events = TestEvents.Random(new Random(37), 10, touchpointId, DateTimeOffset.UtcNow, customerId);
        Assert.Equal(new ApplyResult(events.Count, 0), await cluster.Client.GetGrain<ICustomerGrain>(customerId).Apply([.. events]));

        // Two lost replies, then sends that went through, and every event counted at least once. The events may
        // have gone in more than one send, if a flush came in the middle of the call.
        var grain = cluster.Client.GetGrain<ITouchpointGrain>(touchpointId);
        await Eventually.TrueAsync(async () =>
            Volatile.Read(ref merges) > RepliesLost && (await grain.GetSnapshot(WindowKind.OneDay))?.LifetimeEvents >= events.Count);

        // Ten more flush intervals: a resend counted again would show by now.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var touchpoint = (await grain.GetSnapshot(WindowKind.OneDay))!;
        Assert.Equal(events.Count, touchpoint.LifetimeEvents);
        Assert.Equal(events.Count, touchpoint.Counts.Events);
    }
}
