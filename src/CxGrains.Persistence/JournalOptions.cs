using System.ComponentModel.DataAnnotations;

namespace CxGrains.Persistence;

/// <summary>The event journal's group commit and retention (section <c>Cx:Journal</c>).</summary>
public sealed class JournalOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cx:Journal";

    /// <summary>
    /// Entries one commit (one store round trip) takes at most; what is queued beyond waits for the
    /// next. One append is never split: an append larger than this is committed alone. Default 5,000.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Cx:Journal:MaxEntriesPerCommit must be between 1 and 100,000.")]
    public int MaxEntriesPerCommit { get; set; } = 5_000;

    /// <summary>
    /// Entries waiting for a commit at most; further appends wait for room (backpressure), none is
    /// dropped. Default 50,000.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "Cx:Journal:MaxQueuedEntries must be between 1 and 10,000,000.")]
    public int MaxQueuedEntries { get; set; } = 50_000;

    /// <summary>
    /// How long the committer waits, once work arrives at an idle journal, for more to join the
    /// commit. Default 0: the group forms while the previous commit is in flight, which is what
    /// groups under load, and an idle journal commits at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.100", ErrorMessage = "Cx:Journal:Linger must be between 0 and 100 ms.")]
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Customers whose entries one read (one store round trip) takes at most, when many activate at
    /// once in ack mode durable; the rest wait for the next read. Default 1,000.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Cx:Journal:MaxCustomersPerRead must be between 1 and 10,000.")]
    public int MaxCustomersPerRead { get; set; } = 1_000;

    /// <summary>Days entries are kept before pruning removes them. Default 35.</summary>
    [Range(1, 3650, ErrorMessage = "Cx:Journal:RetentionDays must be between 1 and 3650.")]
    public int RetentionDays { get; set; } = 35;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxQueuedEntries < MaxEntriesPerCommit)
        {
            yield return new ValidationResult(
                $"Cx:Journal:MaxQueuedEntries ({MaxQueuedEntries}) must be at least Cx:Journal:MaxEntriesPerCommit ({MaxEntriesPerCommit}).",
                [nameof(MaxQueuedEntries)]);
        }
    }
}
