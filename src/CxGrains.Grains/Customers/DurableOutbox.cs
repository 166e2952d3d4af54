using CxGrains.Grains.Aggregates;
using Microsoft.Extensions.Logging;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Ack mode durable: hands the touchpoint counts kept in a customer's stored outbox to the silo's
/// accumulator, and removes each entry once its touchpoint has applied and written it. One per
/// durable customer activation; the outbox itself lives in the customer's state, so a crash between
/// the customer's write and the touchpoint's loses nothing.
/// </summary>
internal sealed partial class DurableOutbox(
    Func<CustomerState> state,
    AggregateAccumulator accumulator,
    TimeSpan touchpointDedupeHorizon,
    TimeProvider time,
    ILogger logger)
{
    // Confirmations of entries on their way to their touchpoints, by dedupe key.
    private readonly Dictionary<long, Confirmation> _inFlight = [];

    /// <summary>True when confirmed or expired entries were removed since the last write: the removal must be written too.</summary>
    public bool Trimmed { get; private set; }

    /// <summary>Called as a write starts: the removals so far are in it.</summary>
    public void Writing() => Trimmed = false;

    /// <summary>
    /// Sends every outbox entry not already on its way, and completes once the entries of
    /// <paramref name="keys"/> are confirmed. Entries too old for the touchpoints' dedupe horizon are
    /// dropped rather than risk counting twice. A failed send of them (storage down, a silo gone) ends
    /// the wait at once: they stay in the stored outbox and are retried and confirmed later.
    /// </summary>
    public Task ForwardAsync(HashSet<long> keys)
    {
        var outbox = state().Outbox;
        if (outbox is null || outbox.Count == 0)
        {
            return Task.CompletedTask;
        }

        var oldest = time.GetUtcNow().UtcTicks - (touchpointDedupeHorizon.Ticks / 2);
        List<Confirmation>? waits = null;
        Dictionary<Confirmation, List<long>>? sent = null;
        var stale = 0;
        foreach (var entry in outbox)
        {
            if (!_inFlight.TryGetValue(entry.Key, out var confirmation))
            {
                if (entry.StoredAtTicks < oldest)
                {
                    stale++;
                    continue;
                }

                confirmation = accumulator.RecordTracked(entry.TouchpointId, entry.Key, entry.OccurredAtTicks, entry.Counts);
                _inFlight[entry.Key] = confirmation;
                sent ??= [];
                if (!sent.TryGetValue(confirmation, out var group))
                {
                    sent[confirmation] = group = [];
                }

                group.Add(entry.Key);
            }

            if (keys.Contains(entry.Key) && !(waits ??= []).Contains(confirmation))
            {
                waits.Add(confirmation);
            }
        }

        if (stale > 0)
        {
            outbox.RemoveAll(e => e.StoredAtTicks < oldest && !_inFlight.ContainsKey(e.Key));
            Trimmed = true;
            LogOutboxExpired(logger, stale);
        }

        if (sent is not null)
        {
            foreach (var (confirmation, group) in sent)
            {
                _ = TrimWhenConfirmedAsync(confirmation, group);
            }
        }

        return waits is null ? Task.CompletedTask : Confirmation.AllConfirmed(waits);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the entries on their way, so that a deactivation writes them trimmed.</summary>
    public async Task SettleAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_inFlight.Count == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(_inFlight.Values.Distinct().Select(c => c.Task)).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // What is still unconfirmed is stored with the outbox and re-forwarded by the next activation.
        }
    }

    private async Task TrimWhenConfirmedAsync(Confirmation confirmation, List<long> keys)
    {
        // Confirmations never fault: the accumulator retries a failed flush until it succeeds.
        await confirmation.Task;
        foreach (var key in keys)
        {
            _inFlight.Remove(key);
        }

        var s = state();
        if (s.Outbox is { } outbox)
        {
            outbox.RemoveAll(e => keys.Contains(e.Key));
            if (outbox.Count == 0)
            {
                s.Outbox = null;
            }

            Trimmed = true;
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Count} unconfirmed touchpoint counts were older than half the touchpoint dedupe horizon and were dropped")]
    private static partial void LogOutboxExpired(ILogger logger, int count);
}
