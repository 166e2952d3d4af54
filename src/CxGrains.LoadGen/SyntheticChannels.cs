using System.Globalization;
using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>
/// The synthetic world a run streams from: customers with Zipf-skewed activity and fixed attributes,
/// and touchpoints spread over every channel and journey stage. Everything derives from the seed, so two
/// instances with the same options are identical. Thread-safe: sampling only reads shared state.
/// </summary>
public sealed class SyntheticChannels
{
    // The hottest customers' ids are cached: with s = 1 and a million customers the top 65,536 ranks
    // carry ~80 % of events, so most events reuse an id string instead of formatting one.
    private const int CachedCustomerIds = 65_536;
    private const ulong CustomerSalt = 0xC0FFEE_0001UL;
    private const ulong TouchpointSalt = 0x70C4_0002UL;

    private static readonly CumulativeTable RegionTable = new([.. SyntheticVocabulary.RegionWeights]);
    private static readonly CumulativeTable TierTable = new([.. SyntheticVocabulary.TierWeights]);
    private static readonly CumulativeTable ProductTable = new([.. SyntheticVocabulary.ProductWeights]);
    private static readonly CumulativeTable ChannelTable = new([.. SyntheticVocabulary.ChannelTouchpointWeights]);

    private readonly ulong _seed;
    private readonly ZipfSampler _zipf;
    private readonly string?[] _customerIds;
    private readonly TouchpointProfile[] _touchpoints;
    private readonly TouchpointPicker _service;
    private readonly TouchpointPicker _commerce;
    private readonly TouchpointPicker _any;

    /// <summary>Builds the world described by <paramref name="options"/>.</summary>
    public SyntheticChannels(SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(options);

        _seed = unchecked((ulong)options.Seed);
        _zipf = new ZipfSampler(options.Customers, options.ZipfExponent);
        _customerIds = new string?[Math.Min(options.Customers, CachedCustomerIds) + 1];
        _touchpoints = CreateTouchpoints(options.Touchpoints, _seed);
        _any = new TouchpointPicker(_touchpoints, static _ => true);
        _service = TouchpointPicker.OrAll(_touchpoints, static t => SyntheticVocabulary.IsServiceChannel(t.Channel), _any);
        _commerce = TouchpointPicker.OrAll(_touchpoints, static t => SyntheticVocabulary.IsCommerceChannel(t.Channel), _any);
    }

    /// <summary>Number of customers.</summary>
    public int CustomerCount => _zipf.Count;

    /// <summary>The customer activity distribution.</summary>
    public ZipfSampler Activity => _zipf;

    /// <summary>All touchpoints.</summary>
    public IReadOnlyList<TouchpointProfile> Touchpoints => _touchpoints;

    /// <summary>The id of the customer with activity rank <paramref name="rank"/> (1-based).</summary>
    public string CustomerId(int rank)
    {
        if ((uint)rank < (uint)_customerIds.Length)
        {
            // Benign race: two threads may both format the same id; either string is correct.
            return _customerIds[rank] ??= FormatCustomerId(rank);
        }

        return FormatCustomerId(rank);
    }

    /// <summary>The fixed profile of the customer with activity rank <paramref name="rank"/>.</summary>
    public CustomerProfile Customer(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, CustomerCount);

        // Attributes hash from (seed, rank) instead of living in arrays: a million customers cost no memory.
        var random = SplitMix64.For(_seed ^ CustomerSalt, (ulong)rank);
        var region = RegionTable.Sample(ref random);
        var tier = TierTable.Sample(ref random);
        var product = ProductTable.Sample(ref random);
        return new CustomerProfile(
            rank,
            CustomerId(rank),
            SyntheticVocabulary.Regions[region],
            SyntheticVocabulary.Tiers[tier],
            SyntheticVocabulary.Products[product],
            SyntheticVocabulary.Currencies[region]);
    }

    /// <summary>A customer rank drawn from the Zipf activity distribution.</summary>
    public int SampleCustomerRank(ref SplitMix64 random) => _zipf.Sample(ref random);

    /// <summary>
    /// A touchpoint where an event of <paramref name="kind"/> can happen: contacts and complaints at
    /// assisted-service channels, purchases at web, app and stores, survey answers anywhere.
    /// </summary>
    public TouchpointProfile SampleTouchpoint(PayloadKind kind, ref SplitMix64 random) => kind switch
    {
        PayloadKind.Contact or PayloadKind.Complaint => _service.Sample(ref random),
        PayloadKind.Purchase => _commerce.Sample(ref random),
        _ => _any.Sample(ref random),
    };

    private static string FormatCustomerId(int rank) => string.Create(CultureInfo.InvariantCulture, $"cust-{rank}");

    private static void ThrowIfInvalid(SyntheticOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid synthetic options: " + string.Join("; ", errors), nameof(options));
        }
    }

    private static TouchpointProfile[] CreateTouchpoints(int count, ulong seed)
    {
        var touchpoints = new TouchpointProfile[count];
        var perChannel = new int[SyntheticVocabulary.ChannelSlugs.Count];
        for (var i = 0; i < count; i++)
        {
            var random = SplitMix64.For(seed ^ TouchpointSalt, (ulong)i);

            // The first eight touchpoints take one channel each, so that every channel is present.
            var channel = i < SyntheticVocabulary.AllChannels.Count
                ? SyntheticVocabulary.AllChannels[i]
                : SyntheticVocabulary.AllChannels[ChannelTable.Sample(ref random)];
            var number = ++perChannel[(int)channel];
            var id = string.Create(
                CultureInfo.InvariantCulture,
                $"tp-{SyntheticVocabulary.ChannelSlugs[(int)channel]}-{number:D3}");
            touchpoints[i] = new TouchpointProfile(
                i,
                id,
                channel,
                StageOf(channel, ref random),
                MedianWaitSeconds: 30 + 90 * random.NextDouble(),
                Weight: random.NextLogNormal(1.0, 0.6));
        }

        return touchpoints;
    }

    // Service queues mostly serve existing customers; shops and digital channels sell and pre-sell.
    private static JourneyStage StageOf(Channel channel, ref SplitMix64 random)
    {
        var u = random.NextDouble();
        return channel switch
        {
            Channel.Web or Channel.App => u < 0.4 ? JourneyStage.PrePurchase : u < 0.8 ? JourneyStage.Purchase : JourneyStage.PostPurchase,
            Channel.Store => u < 0.2 ? JourneyStage.PrePurchase : u < 0.8 ? JourneyStage.Purchase : JourneyStage.PostPurchase,
            Channel.Social => u < 0.5 ? JourneyStage.PrePurchase : JourneyStage.PostPurchase,
            _ => u < 0.2 ? JourneyStage.PrePurchase : JourneyStage.PostPurchase,
        };
    }
}
