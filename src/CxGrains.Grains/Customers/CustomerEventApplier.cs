using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Storage;
using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Applies one event to a customer's state: drops a resend, scores the interaction, keeps the
/// recent list and the attribute set, and reports the event's counts to the silo's accumulator (in
/// ack mode durable its touchpoint counts travel with its journal entry instead). One per silo,
/// shared by every customer:
/// the state it changes is passed in, so a million customers carry no copy of it.
/// </summary>
public sealed class CustomerEventApplier(
    IOptions<CustomerOptions> customerOptions,
    ServiceTargets targets,
    SegmentRouting segments,
    AggregateAccumulator accumulator,
    StringPool strings,
    AttributeDictionaryPool attributeDictionaries,
    Health.Scorecards scorecards)
{
    private readonly CustomerOptions _options = customerOptions.Value;

    /// <summary>
    /// Applies <paramref name="e"/> to <paramref name="s"/> unless it is a resend. A <paramref name="replay"/>
    /// re-applies an event (after a write conflict, or from the journal): its counts already went their way,
    /// so only the state changes. A <paramref name="journaled"/> event (ack mode durable) leaves its
    /// touchpoint counts to its journal entry (<see cref="Aggregates.TouchpointDeliveries"/>).
    /// </summary>
    /// <returns>False when the customer had already seen the event.</returns>
    public bool Apply(CustomerState s, CustomerEvent e, bool journaled, bool replay)
    {
        var idHash = EventIdHash.Of(e.EventId);
        if (Ring.Contains(s.SeenEventIds, idHash))
        {
            return false;
        }

        var seen = s.SeenEventIds;
        var seenNext = s.SeenNext;
        Ring.Add(ref seen, ref seenNext, idHash, _options.DedupeHorizon);
        s.SeenEventIds = seen;
        s.SeenNext = seenNext;

        UpdateAttributes(s, e.Attributes);
        var target = targets.For(e.TouchpointId);
        // The scorecard of the customer's attributes now decides the decay of what it records.
        var outcome = s.Experience.Record(e.Interaction, target, scorecards.For(s.SegmentAttributes).Model);
        var occurredAt = e.Interaction.OccurredAtTicks;
        if (outcome.Negative)
        {
            var negatives = s.NegativeAt;
            var negativeNext = s.NegativeNext;
            Ring.Add(ref negatives, ref negativeNext, occurredAt, _options.NegativeHistory);
            s.NegativeAt = negatives;
            s.NegativeNext = negativeNext;
        }

        if (e.Interaction.Kind == InteractionKind.Nps && (s.LastNps is null || s.LastNps.OccurredAtTicks <= occurredAt))
        {
            s.LastNps = new NpsAnswerSnapshot
            {
                Score = e.Interaction.Score,
                OccurredAtTicks = occurredAt,
                ReasonCodes = e.ReasonCodes,
                Comment = Bound(e.Comment),
            };
        }

        RememberRecent(s, e, outcome);
        s.EventCount++;
        s.UpdatedAtTicks = Math.Max(s.UpdatedAtTicks, e.ReceivedAtTicks);

        if (replay)
        {
            return true;
        }

        // Touchpoints and segments are fed through the silo's accumulator, never called per event.
        // Segments stay best-effort in both modes (see docs/architecture.md).
        var counts = default(MetricCounts);
        counts.Record(e.Interaction, target);
        if (!journaled)
        {
            accumulator.Record(new AggregateKey(AggregateKind.Touchpoint, e.TouchpointId), occurredAt, counts);
        }

        foreach (var segment in segments.EventSegments(s.SegmentAttributes, e.Channel, e.Stage))
        {
            accumulator.Record(new AggregateKey(AggregateKind.Segment, segment), occurredAt, counts);
        }

        return true;
    }

    private void UpdateAttributes(CustomerState s, IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            return;
        }

        var set = s.SegmentAttributes;

        // The front end sends dictionaries: enumerate them without boxing an enumerator per event.
        if (attributes is Dictionary<string, string> dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                set = WithAttribute(set, name, value);
            }
        }
        else
        {
            foreach (var (name, value) in attributes)
            {
                set = WithAttribute(set, name, value);
            }
        }

        if (!ReferenceEquals(set, s.SegmentAttributes))
        {
            s.SegmentAttributes = attributeDictionaries.Intern(set);
        }
    }

    private AttributeDictionary WithAttribute(AttributeDictionary set, string name, string value) =>
        (segments.IsTrackedAttribute(name) || scorecards.IsMatchAttribute(name)) && (!set.TryGetValue(name, out var known) || known != value)
            ? set.With(strings.Intern(name), strings.Intern(value))
            : set;

    private void RememberRecent(CustomerState s, CustomerEvent e, ExperienceOutcome outcome)
    {
        var limit = _options.RecentInteractions;
        if (limit > 0)
        {
            s.RecentInteractions.Record(limit, e.EventId, strings.Intern(e.TouchpointId), e.Interaction.OccurredAtTicks,
                outcome.Signal, e.Interaction.Kind, e.Channel, outcome.Negative);
        }
    }

    private string? Bound(string? comment) =>
        comment is null || comment.Length <= _options.CommentMaxLength ? comment : comment[.._options.CommentMaxLength];
}
