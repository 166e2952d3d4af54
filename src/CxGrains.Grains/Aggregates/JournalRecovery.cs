using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Grains.Background;
using CxGrains.Grains.Customers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Ack mode durable: when a silo dies with journaled events whose touchpoint counts it had not yet
/// delivered (<see cref="TouchpointDeliveries"/>), a survivor delivers them from the journal. Every
/// few seconds the oldest active silo reads the journal's writers; for each one that is no longer a
/// live silo it reads the entries after the writer's recorded progress, asks each touchpoint which of
/// the writer's commits it already has, and delivers the rest in the writer's name, so that the
/// touchpoint's own record keeps every event counted once even if this runs twice. A recovered
/// writer is forgotten. After a whole-cluster restart the first silo up does the same.
/// </summary>
public sealed partial class JournalRecovery(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    JournalEventCodec codec,
    IOptions<AccumulatorOptions> options,
    TimeProvider time,
    ILogger<JournalRecovery> logger,
    IEventJournalStore? store = null) : SiloBackgroundLoop(time, Period)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    // A writer missing from the membership (rather than marked dead) is taken for dead only after
    // this long: a silo that just joined may not be in this silo's view yet.
    private static readonly TimeSpan AbsentGrace = TimeSpan.FromSeconds(30);

    private readonly long _bucketTicks = options.Value.BucketWidth.Ticks;
    private readonly Dictionary<string, long> _absentSince = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override int Stage => ServiceLifecycleStage.Active;

    /// <inheritdoc />
    protected override bool FirstPassOnStart => true;

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken stopping)
    {
        if (store is null)
        {
            return;
        }

        var snapshot = membership.CurrentSnapshot;
        if (!IsOldestActive(snapshot))
        {
            return;
        }

        foreach (var origin in await store.ReadOriginsAsync(stopping))
        {
            if (IsDead(origin.Origin, snapshot))
            {
                await RecoverAsync(origin, stopping);
            }
        }
    }

    /// <inheritdoc />
    protected override void LogPassFailed(Exception exception) => LogRecoveryFailed(exception);

    /// <summary>Delivers a dead writer's undelivered entries; forgets the writer once all are in.</summary>
    internal async Task RecoverAsync(JournalOrigin origin, CancellationToken cancellationToken)
    {
        var entries = await store!.ReadUndeliveredAsync(origin.Origin, origin.DeliveredThrough, cancellationToken);
        var recovered = 0;
        var complete = true;
        foreach (var touchpoint in entries.GroupBy(entry => entry.TouchpointId, StringComparer.Ordinal))
        {
            var grain = grains.GetGrain<ITouchpointGrain>(touchpoint.Key);
            var applied = await grain.DeliveredThrough(origin.Origin);
            var missing = touchpoint.Where(entry => entry.CommitGroup > applied).ToList();
            if (missing.Count == 0)
            {
                // It has them all, perhaps not written yet: the writer is forgotten next, so have them written.
                var stored = await grain.Deliver(new TouchpointDelivery(origin.Origin, applied, applied, [], StoreNow: true));
                complete &= stored.Stored >= applied;
                continue;
            }

            var through = missing.Max(entry => entry.CommitGroup);
            var buckets = new PendingDelta();
            foreach (var entry in missing)
            {
                buckets.Add(entry.OccurredAtTicks - (entry.OccurredAtTicks % _bucketTicks), codec.TouchpointCountsOf(entry));
            }

            var receipt = await grain.Deliver(new TouchpointDelivery(origin.Origin, applied, through, buckets.ToDelta().Buckets, StoreNow: true));
            if (receipt.Stored >= through)
            {
                recovered += missing.Count;
            }
            else
            {
                // Another silo changed it meanwhile: the next pass reads it again.
                complete = false;
            }
        }

        if (complete)
        {
            await store.ForgetOriginAsync(origin.Origin, cancellationToken);
            _absentSince.Remove(origin.Origin);
            LogRecovered(origin.Origin, recovered, entries.Count);
        }
    }

    private bool IsOldestActive(ClusterMembershipSnapshot snapshot)
    {
        var active = snapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress).ToList();
        return active.Count > 0 && active.Min() is { } oldest && oldest.Equals(silo.SiloAddress);
    }

    private bool IsDead(string origin, ClusterMembershipSnapshot snapshot)
    {
        if (origin == silo.SiloAddress.ToParsableString())
        {
            return false;
        }

        // Silos write as "address:port@generation"; any other writer (a tool, a test host) is not a silo to recover.
        if (!origin.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        SiloAddress address;
        try
        {
            address = SiloAddress.FromParsableString(origin);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return false;
        }

        if (snapshot.Members.TryGetValue(address, out var member))
        {
            _absentSince.Remove(origin);
            return member.Status == SiloStatus.Dead;
        }

        // Restarted on the same endpoint: the old incarnation is gone for good.
        if (snapshot.Members.Keys.Any(live => live.Endpoint.Equals(address.Endpoint) && live.Generation > address.Generation))
        {
            return true;
        }

        var now = Time.GetTimestamp();
        if (!_absentSince.TryGetValue(origin, out var since))
        {
            _absentSince[origin] = now;
            return false;
        }

        return Time.GetElapsedTime(since, now) >= AbsentGrace;
    }

    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Recovered journal writer {Origin}: {Delivered} of its {Read} undelivered entries reached their touchpoints now, the rest were there already")]
    private partial void LogRecovered(string origin, int delivered, int read);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Warning, Message = "Recovering dead silos' touchpoint deliveries failed; retried on the next pass")]
    private partial void LogRecoveryFailed(Exception exception);
}
