using System.Globalization;
using System.Security.Cryptography;
using CxGrains.Contracts.V1;
using Google.Protobuf.Collections;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CxGrains.LoadGen;

/// <summary>
/// Creates synthetic interaction events. Event number n of a run is a pure function of (seed, n) and the
/// clock: its random choices come from a generator seeded with both, so any thread may create any event
/// and the same seed always gives the same events. Thread-safe. Beyond the protobuf messages and the
/// event id, an event allocates nothing: every other string is shared.
/// </summary>
public sealed class EventFactory
{
    private static readonly CumulativeTable NpsTable = new([.. ExperienceProfile.NpsScoreWeights]);
    private static readonly CumulativeTable CsatTable = new([.. ExperienceProfile.CsatScoreWeights]);
    private static readonly CumulativeTable CesTable = new([.. ExperienceProfile.CesScoreWeights]);
    private static readonly CumulativeTable SeverityTable = new([.. ExperienceProfile.ComplaintSeverityWeights]);
    private static readonly CumulativeTable TransferTable = new([.. ExperienceProfile.TransferWeights]);

    private readonly SyntheticChannels _channels;
    private readonly CumulativeTable _kinds;
    private readonly TimeProvider _time;
    private readonly ulong _seed;
    private readonly long _jitterTicks;
    private readonly string _eventIdPrefix;
    private readonly TouchpointProfile[] _queues;
    private readonly bool _customersInTurn;

    /// <summary>A factory for the world described by <paramref name="options"/>.</summary>
    /// <param name="options">The synthetic world.</param>
    /// <param name="time">The clock for <c>occurred_at</c>; the system clock by default.</param>
    public EventFactory(SyntheticOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channels = new SyntheticChannels(options);
        _time = time ?? TimeProvider.System;
        _seed = unchecked((ulong)options.Seed);
        _jitterTicks = options.OccurredAtJitter.Ticks;
        RunId = options.RunId ?? NewRunId();
        _eventIdPrefix = RunId + "-";
        QueueShare = options.QueueShare;
        _customersInTurn = options.CustomersInTurn;
        _queues = [.. _channels.Touchpoints.Where(t => t.Channel is Channel.Phone or Channel.Chat)];
        if (_queues.Length == 0)
        {
            _queues = [.. _channels.Touchpoints];
        }

        var mix = options.Mix;
        _kinds = new CumulativeTable([.. Enum.GetValues<PayloadKind>().Select(mix.ShareOf)]);
    }

    /// <summary>Share of each batch sent as queue events.</summary>
    public double QueueShare { get; }

    /// <summary>Prefix of this factory's event ids (and, by convention, of a run's batch ids).</summary>
    public string RunId { get; }

    /// <summary>The synthetic world.</summary>
    public SyntheticChannels Channels => _channels;

    /// <summary>The id of event number <paramref name="sequence"/>: <c>{RunId}-{sequence}</c>.</summary>
    public string EventId(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);

        // One allocation: the id itself.
        return string.Create(
            _eventIdPrefix.Length + CountDigits(sequence),
            (Prefix: _eventIdPrefix, Sequence: sequence),
            static (span, state) =>
            {
                state.Prefix.CopyTo(span);
                state.Sequence.TryFormat(span[state.Prefix.Length..], out _, default, CultureInfo.InvariantCulture);
            });
    }

    /// <summary>Event number <paramref name="sequence"/>, stamped with the clock's current time.</summary>
    public InteractionEvent Create(long sequence) => Create(sequence, _time.GetUtcNow());

    /// <summary>Event number <paramref name="sequence"/>, stamped <paramref name="now"/> minus the configured jitter.</summary>
    public InteractionEvent Create(long sequence, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var random = SplitMix64.For(_seed, (ulong)sequence);

        // Drawn either way, so that the rest of the event is the same in both orders.
        var sampled = _channels.SampleCustomerRank(ref random);
        var rank = _customersInTurn ? (int)(sequence % _channels.CustomerCount) + 1 : sampled;
        var kind = (PayloadKind)_kinds.Sample(ref random);
        var touchpoint = _channels.SampleTouchpoint(kind, ref random);
        var customer = _channels.Customer(rank);
        var occurredTicks = now.UtcTicks - (_jitterTicks > 0 ? (long)(random.NextDouble() * _jitterTicks) : 0);

        var evt = new InteractionEvent
        {
            EventId = EventId(sequence),
            CustomerId = customer.Id,
            TouchpointId = touchpoint.Id,
            Channel = touchpoint.Channel,
            JourneyStage = kind == PayloadKind.Purchase ? JourneyStage.Purchase : touchpoint.Stage,
            OccurredAt = ToTimestamp(occurredTicks),
        };
        evt.Attributes.Add(SyntheticVocabulary.RegionKey, customer.Region);
        evt.Attributes.Add(SyntheticVocabulary.TierKey, customer.Tier);
        evt.Attributes.Add(SyntheticVocabulary.ProductKey, customer.Product);

        switch (kind)
        {
            case PayloadKind.Contact:
                evt.Contact = CreateContact(touchpoint, ref random);
                break;
            case PayloadKind.Csat:
                evt.Csat = new CsatResponse { Score = 1 + CsatTable.Sample(ref random) };
                break;
            case PayloadKind.Nps:
                evt.Nps = CreateNps(ref random);
                break;
            case PayloadKind.Ces:
                evt.Ces = new CesResponse { Score = 1 + CesTable.Sample(ref random) };
                break;
            case PayloadKind.Purchase:
                evt.Purchase = CreatePurchase(customer, ref random);
                break;
            default:
                evt.Complaint = new Complaint
                {
                    Category = Pick(SyntheticVocabulary.ComplaintCategories, ref random),
                    Severity = 1 + SeverityTable.Sample(ref random),
                };
                break;
        }

        return evt;
    }

    /// <summary>
    /// Appends events <paramref name="firstSequence"/> … <paramref name="firstSequence"/> + <paramref name="count"/> − 1
    /// to <paramref name="target"/>, reading the clock once for all of them.
    /// </summary>
    public void AddEvents(RepeatedField<InteractionEvent> target, long firstSequence, int count)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = _time.GetUtcNow();
        if (target.Capacity < target.Count + count)
        {
            target.Capacity = target.Count + count;
        }

        for (var i = 0; i < count; i++)
        {
            target.Add(Create(firstSequence + i, now));
        }
    }

    /// <summary>
    /// Appends queue events <paramref name="firstSequence"/> … + <paramref name="count"/> − 1: every three
    /// consecutive numbers are one contact offered, answered and ended on a phone or chat queue.
    /// </summary>
    public void AddQueueEvents(RepeatedField<QueueEvent> target, long firstSequence, int count)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var sequence = firstSequence + i;
            var contact = sequence / 3;
            var step = (int)(sequence % 3);
            var random = new SplitMix64(_seed ^ (ulong)contact ^ 0x5155455545ul);
            var queue = _queues[(int)(random.NextUInt64() % (ulong)_queues.Length)];
            target.Add(new QueueEvent
            {
                ContactId = string.Create(CultureInfo.InvariantCulture, $"{_eventIdPrefix}k{contact}"),
                QueueId = queue.Id,
                Kind = step switch { 0 => QueueEventKind.Offered, 1 => QueueEventKind.Answered, _ => QueueEventKind.Ended },
                OccurredAt = Timestamp.FromDateTimeOffset(now.AddSeconds(step - 2)),
            });
        }
    }

    private static Contact CreateContact(TouchpointProfile touchpoint, ref SplitMix64 random)
    {
        var median = touchpoint.MedianWaitSeconds;
        var meanWait = median * Math.Exp(ExperienceProfile.WaitSigma * ExperienceProfile.WaitSigma / 2);
        var wait = Math.Min(random.NextLogNormal(median, ExperienceProfile.WaitSigma), 3600);

        // Long waits are abandoned more often; scaling by wait / mean keeps the average at the target rate.
        var abandonProbability = Math.Min(0.6, ExperienceProfile.AbandonRate * wait / meanWait);
        var contact = new Contact { WaitSeconds = Math.Round(wait, 1) };
        if (random.Chance(abandonProbability))
        {
            contact.Abandoned = true;
            contact.FirstContact = random.Chance(ExperienceProfile.FirstContactRate);
            contact.Sentiment = Sentiment(-0.45, 0.3, ref random);
            return contact;
        }

        contact.HandleSeconds = Math.Round(
            random.NextLogNormal(ExperienceProfile.MedianHandleSeconds, ExperienceProfile.HandleSigma), 1);
        contact.Transfers = TransferTable.Sample(ref random);
        contact.FirstContact = random.Chance(ExperienceProfile.FirstContactRate);
        contact.Resolved = random.Chance(contact.FirstContact
            ? ExperienceProfile.FirstContactResolutionRate / ExperienceProfile.FirstContactRate
            : ExperienceProfile.RepeatContactResolutionRate);

        // Sentiment follows the outcome, worsened by transfers and by waits longer than usual.
        var mean = (contact.Resolved ? 0.35 : -0.3)
            - 0.1 * contact.Transfers
            - 0.1 * Math.Clamp(wait / meanWait - 1, 0, 2);
        contact.Sentiment = Sentiment(mean, 0.3, ref random);
        return contact;
    }

    private static NpsResponse CreateNps(ref SplitMix64 random)
    {
        var score = NpsTable.Sample(ref random);
        var nps = new NpsResponse { Score = score };

        // Detractors name one or two issues; passives and promoters sometimes one.
        var codes = score <= 6 ? 1 + (random.Chance(0.4) ? 1 : 0)
            : score <= 8 ? (random.Chance(0.5) ? 1 : 0)
            : (random.Chance(0.25) ? 1 : 0);
        var reasonCount = SyntheticVocabulary.ReasonCodes.Count;
        var first = random.NextInt(reasonCount);
        if (codes >= 1)
        {
            nps.ReasonCodes.Add(SyntheticVocabulary.ReasonCodes[first]);
        }

        if (codes == 2)
        {
            nps.ReasonCodes.Add(SyntheticVocabulary.ReasonCodes[(first + 1 + random.NextInt(reasonCount - 1)) % reasonCount]);
        }

        if (random.Chance(ExperienceProfile.CommentRate))
        {
            var comments = score <= 6 ? SyntheticVocabulary.DetractorComments
                : score <= 8 ? SyntheticVocabulary.PassiveComments
                : SyntheticVocabulary.PromoterComments;
            nps.Comment = Pick(comments, ref random);
        }

        return nps;
    }

    private static Purchase CreatePurchase(in CustomerProfile customer, ref SplitMix64 random)
    {
        var amount = random.NextLogNormal(ExperienceProfile.MedianPurchaseAmount, ExperienceProfile.PurchaseSigma);
        return new Purchase { Amount = Math.Round(Math.Max(1.0, amount), 2), Currency = customer.Currency };
    }

    private static double Sentiment(double mean, double sigma, ref SplitMix64 random) =>
        Math.Round(Math.Clamp(mean + sigma * random.NextGaussian(), -1.0, 1.0), 2);

    private static string Pick(IReadOnlyList<string> values, ref SplitMix64 random) => values[random.NextInt(values.Count)];

    // Timestamp.FromDateTimeOffset would validate and divide twice; the ticks are already UTC.
    private static Timestamp ToTimestamp(long utcTicks)
    {
        var sinceEpoch = utcTicks - DateTime.UnixEpoch.Ticks;
        return new Timestamp
        {
            Seconds = sinceEpoch / TimeSpan.TicksPerSecond,
            Nanos = (int)(sinceEpoch % TimeSpan.TicksPerSecond * 100),
        };
    }

    private static int CountDigits(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private static string NewRunId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
