using System.ComponentModel.DataAnnotations;

namespace CxGrains.Grains.Storage;

/// <summary>How grain state reaches storage. Section <c>Cx:Durability</c>.</summary>
public sealed class DurabilityOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Durability";

    /// <summary>Ack mode for ingest; default <see cref="AckMode.Applied"/>.</summary>
    public AckMode AckMode { get; set; } = AckMode.Applied;

    /// <summary>
    /// Ack mode applied: how often a customer grain with unwritten changes writes them; the most a
    /// crash can lose. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan WriteBehindInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ack mode durable: the longest a customer's journaled events wait before its state is written
    /// with them (a snapshot); <see cref="SnapshotEvents"/> usually writes sooner. Nothing acked waits
    /// for it. It is long on purpose: a million customers that each see a few events an hour must not
    /// each write once per interval, which is more writes than PostgreSQL takes. Default 1 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00", ErrorMessage = "Cx:Durability:SnapshotInterval must be between 50 ms and 1 day.")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Ack mode durable: a customer writes its state as soon as this many of its journaled events
    /// are not in the stored state, so an activation never replays much more of the journal than
    /// this, however long <see cref="SnapshotInterval"/> is. Default 100.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Cx:Durability:SnapshotEvents must be 1–1000000.")]
    public int SnapshotEvents { get; set; } = 100;

    /// <summary>The customer write-behind interval of the ack mode: <see cref="WriteBehindInterval"/> or <see cref="SnapshotInterval"/>.</summary>
    public TimeSpan CustomerWriteInterval => AckMode == AckMode.Durable ? SnapshotInterval : WriteBehindInterval;

    /// <summary>
    /// The most customer state writes a silo has in flight at once. Customers due beyond
    /// it wait their turn, still collecting changes, so a write load the store cannot keep up with
    /// costs later writes, not a growing queue of serialized states. Default 2,000 (two of the
    /// SQLite store's group transactions).
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Cx:Durability:WriteBehindMaxInFlight must be 1–1000000.")]
    public int WriteBehindMaxInFlight { get; set; } = 2_000;

    /// <summary>How often touchpoint and segment grains write changed state. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan AggregateWriteBehindInterval { get; set; } = TimeSpan.FromSeconds(5);
}
