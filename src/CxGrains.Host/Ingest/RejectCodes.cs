namespace CxGrains.Host.Ingest;

/// <summary>Stable reason codes of <c>RejectedEvent.code</c>; clients may switch on them (see docs/api.md).</summary>
public static class RejectCodes
{
    /// <summary>A required field is empty or absent (the message names it).</summary>
    public const string MissingField = "MISSING_FIELD";

    /// <summary>An id is longer than the limit (128 characters).</summary>
    public const string IdTooLong = "ID_TOO_LONG";

    /// <summary>An id holds control characters.</summary>
    public const string InvalidId = "INVALID_ID";

    /// <summary>An enum is UNSPECIFIED or a value this server does not know.</summary>
    public const string InvalidEnum = "INVALID_ENUM";

    /// <summary>The event carries none of nps, csat, ces, contact, purchase, complaint.</summary>
    public const string MissingPayload = "MISSING_PAYLOAD";

    /// <summary>A survey score or complaint severity is outside its scale.</summary>
    public const string ScoreOutOfRange = "SCORE_OUT_OF_RANGE";

    /// <summary>A number is outside its range (sentiment −1..1, transfers ≥ 0, amount ≥ 0) or not finite.</summary>
    public const string ValueOutOfRange = "VALUE_OUT_OF_RANGE";

    /// <summary>A wait or handle time is negative.</summary>
    public const string NegativeDuration = "NEGATIVE_DURATION";

    /// <summary>More attributes than allowed (16).</summary>
    public const string TooManyAttributes = "TOO_MANY_ATTRIBUTES";

    /// <summary>An attribute key or value is empty or too long.</summary>
    public const string InvalidAttribute = "INVALID_ATTRIBUTE";

    /// <summary>A text field (comment, reason code, category, currency) is too long, or too many reason codes.</summary>
    public const string FieldTooLong = "FIELD_TOO_LONG";

    /// <summary><c>occurred_at</c> is more than the allowed skew (5 minutes) in the future.</summary>
    public const string TimestampInFuture = "TIMESTAMP_IN_FUTURE";

    /// <summary><c>occurred_at</c> is older than the accepted horizon.</summary>
    public const string TimestampTooOld = "TIMESTAMP_TOO_OLD";

    /// <summary>The batch holds more events than the limit; none of its events were applied.</summary>
    public const string BatchTooLarge = "BATCH_TOO_LARGE";

    /// <summary>The event was valid but could not be applied now (e.g. a silo went away). Resend it.</summary>
    public const string Unavailable = "UNAVAILABLE";
}
