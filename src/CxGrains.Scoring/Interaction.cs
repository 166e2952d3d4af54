using System.Runtime.CompilerServices;

namespace CxGrains.Scoring;

/// <summary>
/// One interaction's payload and business time, as a value type so that scoring allocates nothing. Build one with
/// the factory for its kind; fields that do not apply to the kind are zero.
/// </summary>
public readonly struct Interaction
{
    private Interaction(
        InteractionKind kind,
        long occurredAtTicks,
        int score,
        double waitSeconds = 0,
        double handleSeconds = 0,
        bool resolved = false,
        bool firstContact = false,
        int transfers = 0,
        bool abandoned = false,
        double sentiment = 0,
        double amount = 0)
    {
        Kind = kind;
        OccurredAtTicks = occurredAtTicks;
        Score = score;
        WaitSeconds = waitSeconds;
        HandleSeconds = handleSeconds;
        Resolved = resolved;
        FirstContact = firstContact;
        Transfers = transfers;
        Abandoned = abandoned;
        Sentiment = sentiment;
        Amount = amount;
    }

    /// <summary>The kind of payload.</summary>
    public InteractionKind Kind { get; }

    /// <summary>When the interaction happened (business time), in UTC ticks (<see cref="DateTimeOffset.UtcTicks"/>).</summary>
    public long OccurredAtTicks { get; }

    /// <summary>The answer or severity: NPS 0–10, CSAT 1–5, CES 1–7, complaint severity 1–3; 0 for other kinds.</summary>
    public int Score { get; }

    /// <summary>Contact: seconds spent waiting in the queue.</summary>
    public double WaitSeconds { get; }

    /// <summary>Contact: seconds spent handling the contact once answered.</summary>
    public double HandleSeconds { get; }

    /// <summary>Contact: whether the customer's issue was resolved.</summary>
    public bool Resolved { get; }

    /// <summary>Contact: whether this was the customer's first contact about the issue.</summary>
    public bool FirstContact { get; }

    /// <summary>Contact: how many times the contact was transferred.</summary>
    public int Transfers { get; }

    /// <summary>Contact: whether the customer hung up (or left the chat) before being answered.</summary>
    public bool Abandoned { get; }

    /// <summary>Contact: detected sentiment from −1 (very negative) to 1 (very positive).</summary>
    public double Sentiment { get; }

    /// <summary>Purchase: the amount spent.</summary>
    public double Amount { get; }

    /// <summary>
    /// Rebuilds an interaction from its parts, as read back from a serialized form: the factory of
    /// <paramref name="kind"/> is called with the parts it uses, and checks them as it does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown, or a part is out of its kind's range.</exception>
    public static Interaction FromParts(
        InteractionKind kind,
        long occurredAtTicks,
        int score,
        double waitSeconds,
        double handleSeconds,
        bool resolved,
        bool firstContact,
        int transfers,
        bool abandoned,
        double sentiment,
        double amount) => kind switch
        {
            InteractionKind.Nps => Nps(score, occurredAtTicks),
            InteractionKind.Csat => Csat(score, occurredAtTicks),
            InteractionKind.Ces => Ces(score, occurredAtTicks),
            InteractionKind.Contact => Contact(occurredAtTicks, waitSeconds, handleSeconds, resolved, firstContact, transfers, abandoned, sentiment),
            InteractionKind.Purchase => Purchase(amount, occurredAtTicks),
            InteractionKind.Complaint => Complaint(score, occurredAtTicks),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown interaction kind."),
        };

    /// <summary>Creates an NPS answer.</summary>
    /// <param name="score">The answer, 0–10.</param>
    /// <param name="occurredAtTicks">Business time in UTC ticks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The score is outside 0–10.</exception>
    public static Interaction Nps(int score, long occurredAtTicks)
    {
        CheckRange(score, 0, 10);
        return new Interaction(InteractionKind.Nps, occurredAtTicks, score);
    }

    /// <summary>Creates a CSAT answer.</summary>
    /// <param name="score">The answer, 1–5.</param>
    /// <param name="occurredAtTicks">Business time in UTC ticks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The score is outside 1–5.</exception>
    public static Interaction Csat(int score, long occurredAtTicks)
    {
        CheckRange(score, 1, 5);
        return new Interaction(InteractionKind.Csat, occurredAtTicks, score);
    }

    /// <summary>Creates a CES answer (higher = easier).</summary>
    /// <param name="score">The answer, 1–7.</param>
    /// <param name="occurredAtTicks">Business time in UTC ticks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The score is outside 1–7.</exception>
    public static Interaction Ces(int score, long occurredAtTicks)
    {
        CheckRange(score, 1, 7);
        return new Interaction(InteractionKind.Ces, occurredAtTicks, score);
    }

    /// <summary>Creates a contact-centre contact.</summary>
    /// <param name="occurredAtTicks">Business time in UTC ticks.</param>
    /// <param name="waitSeconds">Queue wait in seconds, zero or more.</param>
    /// <param name="handleSeconds">Handle time in seconds, zero or more.</param>
    /// <param name="resolved">Whether the issue was resolved.</param>
    /// <param name="firstContact">Whether this was the first contact about the issue.</param>
    /// <param name="transfers">Number of transfers, zero or more.</param>
    /// <param name="abandoned">Whether the customer left before being answered.</param>
    /// <param name="sentiment">Sentiment from −1 to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, not finite, or the sentiment is outside −1..1.</exception>
    public static Interaction Contact(
        long occurredAtTicks,
        double waitSeconds,
        double handleSeconds,
        bool resolved,
        bool firstContact,
        int transfers,
        bool abandoned,
        double sentiment)
    {
        CheckNonNegative(waitSeconds);
        CheckNonNegative(handleSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(transfers);
        if (!(sentiment >= -1 && sentiment <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sentiment), sentiment, "Sentiment must be between -1 and 1.");
        }

        return new Interaction(
            InteractionKind.Contact,
            occurredAtTicks,
            0,
            waitSeconds,
            handleSeconds,
            resolved,
            firstContact,
            transfers,
            abandoned,
            sentiment);
    }

    /// <summary>Creates a purchase.</summary>
    /// <param name="amount">The amount; any finite number (refunds may be negative).</param>
    /// <param name="occurredAtTicks">Business time in UTC ticks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not finite.</exception>
    public static Interaction Purchase(double amount, long occurredAtTicks)
    {
        if (!double.IsFinite(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Amount must be a finite number.");
        }

        return new Interaction(InteractionKind.Purchase, occurredAtTicks, 0, amount: amount);
    }

    /// <summary>Creates a complaint.</summary>
    /// <param name="severity">Severity, 1 (minor) to 3 (severe).</param>
    /// <param name="occurredAtTicks">Business time in UTC ticks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1–3.</exception>
    public static Interaction Complaint(int severity, long occurredAtTicks)
    {
        CheckRange(severity, 1, 3);
        return new Interaction(InteractionKind.Complaint, occurredAtTicks, severity);
    }

    private static void CheckRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be between {min} and {max}.");
        }
    }

    private static void CheckNonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        // NaN fails both comparisons, so it is rejected here too.
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite number, zero or more.");
        }
    }
}
