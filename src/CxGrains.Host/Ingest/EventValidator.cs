using System.Buffers;
using CxGrains.Abstractions;
using CxGrains.Contracts.V1;
using CxGrains.Scoring;
using CxGrains.Scoring.Queues;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Ingest;

/// <summary>
/// Checks one contract event against the documented limits and turns it into the grains'
/// <see cref="CustomerEvent"/> (or, for a queue event, the queue's <see cref="QueueStep"/>). The first problem found is reported with a stable code and a
/// message that names the field and the accepted range.
/// </summary>
public sealed class EventValidator(IOptions<IngestLimitsOptions> options, AttributeSets attributeSets, ReasonCodeLists reasonCodeLists)
{
    private readonly IngestLimitsOptions _limits = options.Value;

    /// <summary>Validates <paramref name="e"/>; on success <paramref name="result"/> holds the converted event.</summary>
    public bool TryConvert(InteractionEvent e, long receivedAtTicks, out CustomerEvent? result, out string code, out string message)
    {
        result = null;

        // The attribute map is read once, into a pooled array, and checked and interned from there:
        // each walk of a protobuf map allocates an enumerator.
        var count = e.Attributes.Count;
        var pairs = count > 0 && count <= _limits.MaxAttributes ? ArrayPool<KeyValuePair<string, string>>.Shared.Rent(count) : null;
        try
        {
            var attributes = ReadOnlySpan<KeyValuePair<string, string>>.Empty;
            if (pairs is not null)
            {
                ((ICollection<KeyValuePair<string, string>>)e.Attributes).CopyTo(pairs, 0);
                attributes = pairs.AsSpan(0, count);
            }

            (code, message) = Check(e, attributes, receivedAtTicks);
            if (code.Length > 0)
            {
                return false;
            }

            var occurredAt = e.OccurredAt.ToDateTimeOffset().UtcTicks;
            result = new CustomerEvent
            {
                EventId = e.EventId,
                TouchpointId = e.TouchpointId,
                Channel = (InteractionChannel)(int)e.Channel,
                Stage = (Abstractions.JourneyStage)(int)e.JourneyStage,
                Interaction = ToInteraction(e, occurredAt),
                ReceivedAtTicks = receivedAtTicks,
                Attributes = attributeSets.Of(attributes),
                ReasonCodes = e.PayloadCase == InteractionEvent.PayloadOneofCase.Nps ? reasonCodeLists.Of(e.Nps.ReasonCodes) : [],
                Comment = e.PayloadCase == InteractionEvent.PayloadOneofCase.Nps && e.Nps.Comment.Length > 0 ? e.Nps.Comment : null,
            };
            return true;
        }
        finally
        {
            if (pairs is not null)
            {
                // Cleared, so the pool does not keep this event's strings alive.
                ArrayPool<KeyValuePair<string, string>>.Shared.Return(pairs, clearArray: true);
            }
        }
    }

    private (string Code, string Message) Check(InteractionEvent e, ReadOnlySpan<KeyValuePair<string, string>> attributes, long receivedAtTicks)
    {
        if (CheckId(e.EventId, "event_id") is { } idProblem)
        {
            return idProblem;
        }

        if (CheckId(e.CustomerId, "customer_id") is { } customerProblem)
        {
            return customerProblem;
        }

        if (CheckId(e.TouchpointId, "touchpoint_id") is { } touchpointProblem)
        {
            return touchpointProblem;
        }

        if (e.Channel == Channel.Unspecified || !Enum.IsDefined(e.Channel))
        {
            return (RejectCodes.InvalidEnum, $"channel must be one of PHONE, CHAT, EMAIL, WEB, APP, STORE, SOCIAL, FIELD (got {(int)e.Channel}).");
        }

        if (e.JourneyStage == Contracts.V1.JourneyStage.Unspecified || !Enum.IsDefined(e.JourneyStage))
        {
            return (RejectCodes.InvalidEnum, $"journey_stage must be PRE_PURCHASE, PURCHASE or POST_PURCHASE (got {(int)e.JourneyStage}).");
        }

        if (CheckOccurredAt(e.OccurredAt, receivedAtTicks) is { } timeProblem)
        {
            return timeProblem;
        }

        if (CheckAttributes(e, attributes) is { } attributeProblem)
        {
            return attributeProblem;
        }

        return CheckPayload(e) ?? ("", "");
    }

    /// <summary>Validates a queue event; on success <paramref name="step"/> holds the queue's step.</summary>
    public bool TryConvertQueue(QueueEvent e, long receivedAtTicks, out QueueStep step, out string code, out string message)
    {
        step = default;
        (code, message) = CheckQueue(e, receivedAtTicks);
        if (code.Length > 0)
        {
            return false;
        }

        step = new QueueStep(e.ContactId, (QueueStepKind)(int)e.Kind, e.OccurredAt.ToDateTimeOffset().UtcTicks, e.AgentId.Length > 0 ? e.AgentId : null);
        return true;
    }

    private (string Code, string Message) CheckQueue(QueueEvent e, long receivedAtTicks)
    {
        if (CheckId(e.ContactId, "contact_id") is { } contactProblem)
        {
            return contactProblem;
        }

        if (CheckId(e.QueueId, "queue_id") is { } queueProblem)
        {
            return queueProblem;
        }

        if (e.Kind == QueueEventKind.Unspecified || !Enum.IsDefined(e.Kind))
        {
            return (RejectCodes.InvalidEnum, $"kind must be one of OFFERED, ANSWERED, ABANDONED, ENDED (got {(int)e.Kind}).");
        }

        if (e.AgentId.Length > 0 && e.Kind != QueueEventKind.Answered)
        {
            return (RejectCodes.ValueOutOfRange, $"agent_id is only accepted on ANSWERED (got it on {e.Kind.ToString().ToUpperInvariant()}).");
        }

        if (e.AgentId.Length > 0 && CheckId(e.AgentId, "agent_id") is { } agentProblem)
        {
            return agentProblem;
        }

        return CheckOccurredAt(e.OccurredAt, receivedAtTicks) ?? ("", "");
    }

    private (string, string)? CheckOccurredAt(Google.Protobuf.WellKnownTypes.Timestamp? at, long receivedAtTicks)
    {
        if (at is null)
        {
            return (RejectCodes.MissingField, "occurred_at is required.");
        }

        if (at.Nanos is < 0 or > 999_999_999 || at.Seconds is < -62135596800 or > 253402300799)
        {
            return (RejectCodes.ValueOutOfRange, "occurred_at is not a valid timestamp.");
        }

        var occurredAt = at.ToDateTimeOffset().UtcTicks;
        if (occurredAt > receivedAtTicks + _limits.MaxFutureSkew.Ticks)
        {
            return (RejectCodes.TimestampInFuture, $"occurred_at is more than {_limits.MaxFutureSkew.TotalMinutes:0.#} minutes in the future.");
        }

        if (occurredAt < receivedAtTicks - _limits.AcceptedHorizon.Ticks)
        {
            return (RejectCodes.TimestampTooOld, $"occurred_at is older than the accepted horizon of {_limits.AcceptedHorizon.TotalDays:0.#} days.");
        }

        return null;
    }

    private (string, string)? CheckId(string id, string field)
    {
        if (id.Length == 0)
        {
            return (RejectCodes.MissingField, $"{field} is required.");
        }

        if (id.Length > _limits.MaxIdLength)
        {
            return (RejectCodes.IdTooLong, $"{field} is {id.Length} characters; the limit is {_limits.MaxIdLength}.");
        }

        if (HasControlCharacter(id))
        {
            return (RejectCodes.InvalidId, $"{field} must not contain control characters.");
        }

        return null;
    }

    // attributes holds e's attribute pairs when there are at most MaxAttributes of them.
    private (string, string)? CheckAttributes(InteractionEvent e, ReadOnlySpan<KeyValuePair<string, string>> attributes)
    {
        if (e.Attributes.Count > _limits.MaxAttributes)
        {
            return (RejectCodes.TooManyAttributes, $"attributes has {e.Attributes.Count} entries; the limit is {_limits.MaxAttributes}.");
        }

        foreach (var (key, value) in attributes)
        {
            if (key.Length == 0 || key.Length > _limits.MaxAttributeKeyLength)
            {
                return (RejectCodes.InvalidAttribute, $"attribute keys must be 1–{_limits.MaxAttributeKeyLength} characters (got {key.Length}).");
            }

            // '=' and '|' build segment keys; allowing them would make keys ambiguous.
            if (key.AsSpan().IndexOfAny("=|") >= 0 || HasControlCharacter(key))
            {
                return (RejectCodes.InvalidAttribute, $"attribute key '{key}' must not contain '=', '|' or control characters.");
            }

            if (value.Length == 0 || value.Length > _limits.MaxAttributeValueLength)
            {
                return (RejectCodes.InvalidAttribute, $"attribute '{key}' must have a value of 1–{_limits.MaxAttributeValueLength} characters (got {value.Length}).");
            }

            if (value.AsSpan().IndexOfAny("=|") >= 0 || HasControlCharacter(value))
            {
                return (RejectCodes.InvalidAttribute, $"attribute '{key}' value must not contain '=', '|' or control characters.");
            }
        }

        return null;
    }

    private (string, string)? CheckPayload(InteractionEvent e) => e.PayloadCase switch
    {
        InteractionEvent.PayloadOneofCase.None => (RejectCodes.MissingPayload, "one of nps, csat, ces, contact, purchase, complaint is required."),
        InteractionEvent.PayloadOneofCase.Nps => CheckNps(e.Nps),
        InteractionEvent.PayloadOneofCase.Csat => Scale("csat.score", e.Csat.Score, 1, 5),
        InteractionEvent.PayloadOneofCase.Ces => Scale("ces.score", e.Ces.Score, 1, 7),
        InteractionEvent.PayloadOneofCase.Contact => CheckContact(e.Contact),
        InteractionEvent.PayloadOneofCase.Purchase => CheckPurchase(e.Purchase),
        InteractionEvent.PayloadOneofCase.Complaint => CheckComplaint(e.Complaint),
        _ => (RejectCodes.MissingPayload, "unknown payload kind."),
    };

    private (string, string)? CheckNps(NpsResponse nps)
    {
        if (Scale("nps.score", nps.Score, 0, 10) is { } scale)
        {
            return scale;
        }

        if (nps.ReasonCodes.Count > _limits.MaxReasonCodes)
        {
            return (RejectCodes.FieldTooLong, $"nps.reason_codes has {nps.ReasonCodes.Count} entries; the limit is {_limits.MaxReasonCodes}.");
        }

        if (nps.ReasonCodes.Any(r => r.Length == 0 || r.Length > _limits.MaxShortTextLength))
        {
            return (RejectCodes.FieldTooLong, $"each nps.reason_codes entry must be 1–{_limits.MaxShortTextLength} characters.");
        }

        return nps.Comment.Length > _limits.MaxCommentLength
            ? (RejectCodes.FieldTooLong, $"nps.comment is {nps.Comment.Length} characters; the limit is {_limits.MaxCommentLength}.")
            : null;
    }

    private static (string, string)? CheckContact(Contact c)
    {
        if (!double.IsFinite(c.WaitSeconds) || !double.IsFinite(c.HandleSeconds) || !double.IsFinite(c.Sentiment))
        {
            return (RejectCodes.ValueOutOfRange, "contact numbers must be finite.");
        }

        if (c.WaitSeconds < 0)
        {
            return (RejectCodes.NegativeDuration, $"contact.wait_seconds must be ≥ 0 (got {c.WaitSeconds}).");
        }

        if (c.HandleSeconds < 0)
        {
            return (RejectCodes.NegativeDuration, $"contact.handle_seconds must be ≥ 0 (got {c.HandleSeconds}).");
        }

        if (c.Transfers < 0)
        {
            return (RejectCodes.ValueOutOfRange, $"contact.transfers must be ≥ 0 (got {c.Transfers}).");
        }

        return c.Sentiment is < -1 or > 1
            ? (RejectCodes.ValueOutOfRange, $"contact.sentiment must be between -1 and 1 (got {c.Sentiment}).")
            : null;
    }

    private (string, string)? CheckPurchase(Purchase p)
    {
        if (!double.IsFinite(p.Amount) || p.Amount < 0)
        {
            return (RejectCodes.ValueOutOfRange, $"purchase.amount must be a finite number ≥ 0 (got {p.Amount}).");
        }

        return p.Currency.Length > _limits.MaxShortTextLength
            ? (RejectCodes.FieldTooLong, $"purchase.currency must be at most {_limits.MaxShortTextLength} characters.")
            : null;
    }

    private (string, string)? CheckComplaint(Complaint c)
    {
        if (Scale("complaint.severity", c.Severity, 1, 3) is { } scale)
        {
            return scale;
        }

        return c.Category.Length > _limits.MaxShortTextLength
            ? (RejectCodes.FieldTooLong, $"complaint.category must be at most {_limits.MaxShortTextLength} characters.")
            : null;
    }

    // What char.IsControl accepts, searched without an enumerator per string: this runs for every id of every event.
    private static bool HasControlCharacter(string text) =>
        text.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') >= 0 || text.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') >= 0;

    private static (string, string)? Scale(string field, int score, int min, int max) =>
        score < min || score > max
            ? (RejectCodes.ScoreOutOfRange, $"{field} must be {min}–{max} (got {score}).")
            : null;

    private static Interaction ToInteraction(InteractionEvent e, long occurredAt) => e.PayloadCase switch
    {
        InteractionEvent.PayloadOneofCase.Nps => Interaction.Nps(e.Nps.Score, occurredAt),
        InteractionEvent.PayloadOneofCase.Csat => Interaction.Csat(e.Csat.Score, occurredAt),
        InteractionEvent.PayloadOneofCase.Ces => Interaction.Ces(e.Ces.Score, occurredAt),
        InteractionEvent.PayloadOneofCase.Contact => Interaction.Contact(
            occurredAt, e.Contact.WaitSeconds, e.Contact.HandleSeconds, e.Contact.Resolved, e.Contact.FirstContact,
            e.Contact.Transfers, e.Contact.Abandoned, e.Contact.Sentiment),
        InteractionEvent.PayloadOneofCase.Purchase => Interaction.Purchase(e.Purchase.Amount, occurredAt),
        InteractionEvent.PayloadOneofCase.Complaint => Interaction.Complaint(e.Complaint.Severity, occurredAt),
        _ => throw new InvalidOperationException("Validated events always carry a payload."),
    };
}
