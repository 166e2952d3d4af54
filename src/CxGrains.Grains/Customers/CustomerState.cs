using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Everything a customer grain persists. Bounded by construction: the lists are rings or capped,
/// so a busy customer costs no more than a quiet one beyond those caps.
/// </summary>
/// <remarks>
/// A million of these stay in memory, so the in-memory form is compact: recent interactions are
/// structs in an exactly sized array with their event ids in one buffer, and attributes a shared
/// immutable set. Recent interactions are stored in their own layout, written from memory without a
/// copy (<see cref="StoredRecent"/>); attributes are stored as a dictionary (<see cref="Attributes"/>),
/// converted on each write and load.
/// </remarks>
[GenerateSerializer, Alias("cx.CustomerState.v1")]
public sealed class CustomerState
{
    [NonSerialized] private RecentInteractions _recent;
    [NonSerialized] private AttributeDictionary _attributes = AttributeDictionary.Empty;

    /// <summary>Decayed loyalty, satisfaction, effort, service and negative-count components.</summary>
    [Id(0)] public CustomerExperience Experience { get; set; } = new();

    /// <summary>Hashes of the last event ids seen (a ring), for dropping resends.</summary>
    [Id(1)] public long[] SeenEventIds { get; set; } = [];

    /// <summary>Next slot of <see cref="SeenEventIds"/> to overwrite once it is full.</summary>
    [Id(2)] public int SeenNext { get; set; }

    /// <summary>Business times of the last negative experiences (a ring).</summary>
    [Id(3)] public long[] NegativeAt { get; set; } = [];

    /// <summary>Next slot of <see cref="NegativeAt"/> to overwrite once it is full.</summary>
    [Id(4)] public int NegativeNext { get; set; }

    /// <summary>The latest NPS answer by business time.</summary>
    [Id(5)] public NpsAnswerSnapshot? LastNps { get; set; }

    /// <summary>
    /// The stored form of recent interactions in rows written before <see cref="StoredRecent"/>: read, never written
    /// (null on write).
    /// </summary>
    [Id(6)]
    public List<RecentInteraction>? Recent
    {
        get => null;
        set
        {
            if (value is not null)
            {
                _recent = RecentInteractions.From(value);
            }
        }
    }

    /// <summary>Last-known segment attributes (the stored form of <see cref="SegmentAttributes"/>, shared: never change it).</summary>
    [Id(7)]
    public Dictionary<string, string> Attributes
    {
        get => _attributes.StoredForm;
        set => _attributes = AttributeDictionary.From(value);
    }

    /// <summary>Last-known segment attributes (configured dimensions and tier only).</summary>
    public AttributeDictionary SegmentAttributes
    {
        get => _attributes;
        set => _attributes = value;
    }

    /// <summary>Recent interactions, newest business time first (recorded in place).</summary>
    internal ref RecentInteractions RecentInteractions => ref _recent;

    /// <summary>Recent interactions as stored: written straight from memory by <see cref="RecentInteractionsCodec"/>.</summary>
    [Id(23)]
    public RecentInteractions StoredRecent
    {
        get => _recent;
        set => _recent = value;
    }

    /// <summary>Segments whose health distribution currently counts this customer.</summary>
    [Id(8)] public string[] Segments { get; set; } = [];

    /// <summary>
    /// The band of the last evaluation: the band those segments count this customer in, until the first of
    /// <see cref="Crossings"/>; null before the first event.
    /// </summary>
    [Id(9)] public HealthBand? Band { get; set; }

    /// <summary>Receive time of the last applied event (UTC ticks).</summary>
    [Id(10)] public long UpdatedAtTicks { get; set; }

    /// <summary>Events applied.</summary>
    [Id(11)] public long EventCount { get; set; }

    /// <summary>The at-risk entry last reported to the segments, to skip unchanged reports.</summary>
    [Id(12)] public double ReportedPriority { get; set; }

    // Id 13 held an outbox of touchpoint counts before they travelled with journal entries; a stored value of it is ignored.

    /// <summary>
    /// Ack mode durable: the customer's last sequence number in the event journal that this state
    /// includes. An activation replays the journal's later entries on top of it. 0 in ack mode applied.
    /// </summary>
    [Id(14)] public long JournalSequence { get; set; }

    /// <summary>One health point per UTC day for the last 90 days; null before the first evaluation.</summary>
    [Id(20)] public HealthHistory? History { get; set; }

    /// <summary>The override an admin set, until it expires (settled on read and at the next evaluation).</summary>
    [Id(21)] public HealthOverride? Override { get; set; }

    /// <summary>
    /// The band changes ahead that this customer handed to <see cref="Segments"/> as it deactivated, which apply them on
    /// their own: with <see cref="Band"/> they say where the segments count this customer at any moment, so its first
    /// report once awake moves it from there (and clears them).
    /// </summary>
    [Id(22)] public BandForecast Crossings { get; set; }

    /// <summary>
    /// The earliest time at which this customer's band may change without a new event (UTC ticks;
    /// <see cref="long.MaxValue"/> when none): today the override's expiry. A customer whose review
    /// time has passed is re-evaluated on its next read or event, or by whatever sweeps such customers.
    /// </summary>
    public long NextReviewTicks() => Override?.ExpiresAtTicks ?? long.MaxValue;
}
