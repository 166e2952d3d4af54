using System.Diagnostics.CodeAnalysis;

namespace CxGrains.Scoring.Queues;

/// <summary>
/// What a queue counted in a time bucket. Each figure is counted when its step happens: an offer at its
/// offer time, an answer or abandon (with its wait) at that time, a handle time at the contact's end.
/// Sums merge exactly, so windows and the "today" figures are plain totals of these.
/// </summary>
[SuppressMessage("Design", "CA1051:Do not declare visible instance fields", Justification = "Serialized field by field by storage and transport layers.")]
public struct QueueCounts : IEquatable<QueueCounts>, IWindowCounts<QueueCounts>
{
    /// <summary>Contacts that entered the queue.</summary>
    public long Offered;

    /// <summary>Contacts answered by an agent.</summary>
    public long Answered;

    /// <summary>Answered contacts whose wait was within the queue's target.</summary>
    public long AnsweredWithinTarget;

    /// <summary>Sum of the waits of answered contacts, seconds (for ASA).</summary>
    public double AnsweredWaitSum;

    /// <summary>Contacts that left before an answer.</summary>
    public long Abandoned;

    /// <summary>Abandoned contacts that waited less than the queue's short-abandon threshold.</summary>
    public long ShortAbandoned;

    /// <summary>Sum of the waits of abandoned contacts, seconds.</summary>
    public double AbandonedWaitSum;

    /// <summary>Answered contacts whose end arrived (their handle time is known).</summary>
    public long Handled;

    /// <summary>Sum of handle times (answer to end), seconds (for AHT).</summary>
    public double HandleSum;

    /// <summary>Contacts whose answer, abandon or end never arrived within the cut-off; dropped from the queue.</summary>
    public long Expired;

    /// <inheritdoc/>
    public readonly bool IsEmpty =>
        Offered == 0 && Answered == 0 && AnsweredWithinTarget == 0 && AnsweredWaitSum == 0
        && Abandoned == 0 && ShortAbandoned == 0 && AbandonedWaitSum == 0 && Handled == 0 && HandleSum == 0 && Expired == 0;

    /// <summary>Contacts with an outcome (answered or abandoned): the service level's denominator.</summary>
    public readonly long Outcomes => Answered + Abandoned;

    /// <summary>Equality of every field.</summary>
    /// <param name="left">One set of counts.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(QueueCounts left, QueueCounts right) => left.Equals(right);

    /// <summary>Inequality of any field.</summary>
    /// <param name="left">One set of counts.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(QueueCounts left, QueueCounts right) => !left.Equals(right);

    /// <inheritdoc/>
    public void Merge(in QueueCounts other)
    {
        Offered += other.Offered;
        Answered += other.Answered;
        AnsweredWithinTarget += other.AnsweredWithinTarget;
        AnsweredWaitSum += other.AnsweredWaitSum;
        Abandoned += other.Abandoned;
        ShortAbandoned += other.ShortAbandoned;
        AbandonedWaitSum += other.AbandonedWaitSum;
        Handled += other.Handled;
        HandleSum += other.HandleSum;
        Expired += other.Expired;
    }

    /// <inheritdoc/>
    public readonly bool Equals(QueueCounts other) =>
        Offered == other.Offered && Answered == other.Answered && AnsweredWithinTarget == other.AnsweredWithinTarget
        && AnsweredWaitSum.Equals(other.AnsweredWaitSum) && Abandoned == other.Abandoned && ShortAbandoned == other.ShortAbandoned
        && AbandonedWaitSum.Equals(other.AbandonedWaitSum) && Handled == other.Handled && HandleSum.Equals(other.HandleSum)
        && Expired == other.Expired;

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is QueueCounts other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode() => HashCode.Combine(Offered, Answered, Abandoned, Handled, Expired);
}
