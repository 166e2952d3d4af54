using System.Diagnostics.CodeAnalysis;

namespace CxGrains.Scoring;

/// <summary>
/// One customer's decayed experience: a decayed mean of signals per health component and a decayed count of
/// negative experiences. The customer grain owns one and persists its public fields; <see cref="HealthModel"/>
/// turns it into a health score. Not thread-safe: one owner at a time.
/// </summary>
[SuppressMessage("Design", "CA1051:Do not declare visible instance fields", Justification = "Persisted field by field by the customer grain.")]
public sealed class CustomerExperience
{
    /// <summary>Decayed mean of NPS signals.</summary>
    public DecayingAverage Loyalty;

    /// <summary>Decayed mean of CSAT signals.</summary>
    public DecayingAverage Satisfaction;

    /// <summary>Decayed mean of CES signals.</summary>
    public DecayingAverage Effort;

    /// <summary>Decayed mean of contact and complaint signals.</summary>
    public DecayingAverage Service;

    /// <summary>Decayed count of negative experiences (each added with value 1, half-life <see cref="HealthModelOptions.NegativeWindow"/>).</summary>
    public DecayingAverage Negatives;

    /// <summary>The decayed mean of a component.</summary>
    /// <param name="component">The component.</param>
    /// <returns>A reference to the component's decayed mean.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown component.</exception>
    public ref DecayingAverage Component(HealthComponentKind component)
    {
        switch (component)
        {
            case HealthComponentKind.Loyalty:
                return ref Loyalty;
            case HealthComponentKind.Satisfaction:
                return ref Satisfaction;
            case HealthComponentKind.Effort:
                return ref Effort;
            case HealthComponentKind.Service:
                return ref Service;
            default:
                throw new ArgumentOutOfRangeException(nameof(component), component, "Unknown component.");
        }
    }

    /// <summary>Records one interaction: its signal into its component and, when negative, one into the negative count. Allocation-free.</summary>
    /// <param name="interaction">The interaction.</param>
    /// <param name="target">The touchpoint's promised service.</param>
    /// <param name="options">The health model settings (validated once at start-up).</param>
    /// <returns>What was recorded.</returns>
    public ExperienceOutcome Record(in Interaction interaction, ServiceTarget target, HealthModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var component = ExperienceSignal.ComponentOf(interaction.Kind);
        var signal = double.NaN;
        if (component is { } kind)
        {
            signal = ExperienceSignal.Score(interaction, target);
            Component(kind).Add(signal, interaction.OccurredAtTicks, options.HalfLife.Ticks);
        }

        var negative = ExperienceSignal.IsNegative(interaction, target);
        if (negative)
        {
            Negatives.Add(1, interaction.OccurredAtTicks, options.NegativeWindow.Ticks);
        }

        return new ExperienceOutcome(component, signal, negative);
    }
}
