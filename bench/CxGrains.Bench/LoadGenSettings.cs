using System.Globalization;

namespace CxGrains.Bench;

/// <summary>One cx-loadgen invocation.</summary>
public sealed record LoadGenSettings
{
    /// <summary>Distinct customers (Zipf-skewed).</summary>
    public required int Customers { get; init; }

    /// <summary>How long to send.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Target rate in events/s; 0 sends as fast as acks allow.</summary>
    public double Rate { get; init; }

    /// <summary>Zipf exponent of customer activity; null keeps the load generator's default (1).</summary>
    public double? Zipf { get; init; }

    /// <summary>Customers in turn instead of sampled: any <see cref="Customers"/> consecutive events reach each customer once.</summary>
    public bool CustomersInTurn { get; init; }

    /// <summary>Stop after this many events (or <see cref="Duration"/>, whichever comes first); null: no count.</summary>
    public long? Events { get; init; }

    /// <summary>Concurrent streams.</summary>
    public int Streams { get; init; } = 4;

    /// <summary>Events per batch.</summary>
    public int Batch { get; init; } = 500;

    /// <summary>Batches in flight per stream.</summary>
    public int InFlight { get; init; } = 8;

    /// <summary>Share of each batch sent as queue events; 0 sends interaction events only.</summary>
    public double QueueShare { get; init; }

    /// <summary>Seed of the synthetic events.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>How long to wait for outstanding acks after sending stops.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Count acked events per customer (to learn which customers are active).</summary>
    public bool TrackAcked { get; init; }

    /// <summary>The command-line arguments, <c>--url</c>, key, run id and JSON path excluded.</summary>
    public IEnumerable<string> Arguments()
    {
        var c = CultureInfo.InvariantCulture;
        yield return "--customers";
        yield return Customers.ToString(c);
        yield return "--duration";
        yield return $"{(long)Duration.TotalMilliseconds}ms";
        yield return "--streams";
        yield return Streams.ToString(c);
        yield return "--batch";
        yield return Batch.ToString(c);
        yield return "--in-flight";
        yield return InFlight.ToString(c);
        yield return "--seed";
        yield return Seed.ToString(c);
        yield return "--drain";
        yield return $"{(long)Drain.TotalMilliseconds}ms";

        // A batch is only resent after its stream is given up on: never within the drain.
        yield return "--ack-timeout";
        yield return $"{(long)(Drain + Duration).TotalMilliseconds + 30_000}ms";
        if (TrackAcked)
        {
            yield return "--track-acked";
        }

        if (QueueShare > 0)
        {
            yield return "--queue-share";
            yield return QueueShare.ToString(c);
        }

        if (Zipf is { } zipf)
        {
            yield return "--zipf";
            yield return zipf.ToString(c);
        }

        if (CustomersInTurn)
        {
            yield return "--customers-in-turn";
        }

        if (Events is { } events)
        {
            yield return "--events";
            yield return events.ToString(c);
        }

        if (Rate > 0)
        {
            yield return "--rate";
            yield return Math.Max(1, Math.Round(Rate)).ToString(c);
        }
    }
}
