using System.Diagnostics.CodeAnalysis;

namespace CxGrains.Scoring;

/// <summary>
/// The counts, sums and sums of squares every window metric is computed from. Every metric is a ratio of these, so
/// counts merge exactly across customers, touchpoints, silos and time buckets (never averages of averages).
/// A mutable struct with public fields so that storage and transport layers can serialize it field by field.
/// </summary>
[SuppressMessage("Design", "CA1051:Do not declare visible instance fields", Justification = "Serialized field by field by storage and transport layers.")]
public struct MetricCounts : IEquatable<MetricCounts>, IWindowCounts<MetricCounts>
{
    /// <summary>Interactions of any kind.</summary>
    public long Events;

    /// <summary>Interactions that were negative experiences (<see cref="ExperienceSignal.IsNegative"/>).</summary>
    public long Negative;

    /// <summary>NPS answers of 9–10.</summary>
    public long NpsPromoters;

    /// <summary>NPS answers of 7–8.</summary>
    public long NpsPassives;

    /// <summary>NPS answers of 0–6.</summary>
    public long NpsDetractors;

    /// <summary>CSAT answers.</summary>
    public long CsatResponses;

    /// <summary>CSAT answers of 4 or 5 (top-2-box).</summary>
    public long CsatTop2;

    /// <summary>Sum of CSAT answers.</summary>
    public long CsatSum;

    /// <summary>Sum of squared CSAT answers (for the variance).</summary>
    public long CsatSumOfSquares;

    /// <summary>CES answers.</summary>
    public long CesResponses;

    /// <summary>CES answers of 5 or more ("easy").</summary>
    public long CesEasy;

    /// <summary>Sum of CES answers.</summary>
    public long CesSum;

    /// <summary>Sum of squared CES answers (for the variance).</summary>
    public long CesSumOfSquares;

    /// <summary>Contacts, answered or abandoned.</summary>
    public long Contacts;

    /// <summary>Contacts abandoned before being answered.</summary>
    public long Abandoned;

    /// <summary>Answered contacts that were both resolved and the customer's first contact about the issue.</summary>
    public long FirstContactResolutions;

    /// <summary>Answered contacts whose wait was within the touchpoint's target.</summary>
    public long AnsweredWithinTarget;

    /// <summary>Sum of the waits of all contacts, in seconds.</summary>
    public double WaitSum;

    /// <summary>Sum of the squared waits of all contacts (for the variance).</summary>
    public double WaitSumOfSquares;

    /// <summary>Sum of the waits of answered contacts, in seconds.</summary>
    public double AnsweredWaitSum;

    /// <summary>Sum of the handle times of answered contacts, in seconds.</summary>
    public double HandleSum;

    /// <summary>Whether nothing has been counted (every field is zero).</summary>
    public readonly bool IsEmpty =>
        Events == 0 && Negative == 0
        && NpsPromoters == 0 && NpsPassives == 0 && NpsDetractors == 0
        && CsatResponses == 0 && CsatTop2 == 0 && CsatSum == 0 && CsatSumOfSquares == 0
        && CesResponses == 0 && CesEasy == 0 && CesSum == 0 && CesSumOfSquares == 0
        && Contacts == 0 && Abandoned == 0 && FirstContactResolutions == 0 && AnsweredWithinTarget == 0
        && WaitSum == 0 && WaitSumOfSquares == 0 && AnsweredWaitSum == 0 && HandleSum == 0;

    /// <summary>Equality of every field.</summary>
    /// <param name="left">One set of counts.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(MetricCounts left, MetricCounts right) => left.Equals(right);

    /// <summary>Inequality of any field.</summary>
    /// <param name="left">One set of counts.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(MetricCounts left, MetricCounts right) => !left.Equals(right);

    /// <summary>Counts one interaction. Allocation-free.</summary>
    /// <param name="interaction">The interaction.</param>
    /// <param name="target">The touchpoint's promised service: decides "within target" and negativity of contacts.</param>
    public void Record(in Interaction interaction, ServiceTarget target)
    {
        Events++;
        if (ExperienceSignal.IsNegative(interaction, target))
        {
            Negative++;
        }

        long score = interaction.Score;
        switch (interaction.Kind)
        {
            case InteractionKind.Nps:
                // Industry definition: promoters 9–10, passives 7–8, detractors 0–6.
                if (score >= 9)
                {
                    NpsPromoters++;
                }
                else if (score >= 7)
                {
                    NpsPassives++;
                }
                else
                {
                    NpsDetractors++;
                }

                break;

            case InteractionKind.Csat:
                CsatResponses++;
                CsatSum += score;
                CsatSumOfSquares += score * score;

                // Industry definition: top-2-box, 4 or 5 of 5.
                if (score >= 4)
                {
                    CsatTop2++;
                }

                break;

            case InteractionKind.Ces:
                CesResponses++;
                CesSum += score;
                CesSumOfSquares += score * score;

                // 5–7 of 7 is "easy" (agree side of the scale); our documented choice.
                if (score >= 5)
                {
                    CesEasy++;
                }

                break;

            case InteractionKind.Contact:
                RecordContact(interaction, target);
                break;

            default:
                // Purchases and complaints count as events (and complaints as negative) only.
                break;
        }
    }

    /// <summary>Adds another set of counts to this one; exact, associative and commutative (up to float rounding of the sums).</summary>
    /// <param name="other">The counts to add.</param>
    public void Merge(in MetricCounts other)
    {
        Events += other.Events;
        Negative += other.Negative;
        NpsPromoters += other.NpsPromoters;
        NpsPassives += other.NpsPassives;
        NpsDetractors += other.NpsDetractors;
        CsatResponses += other.CsatResponses;
        CsatTop2 += other.CsatTop2;
        CsatSum += other.CsatSum;
        CsatSumOfSquares += other.CsatSumOfSquares;
        CesResponses += other.CesResponses;
        CesEasy += other.CesEasy;
        CesSum += other.CesSum;
        CesSumOfSquares += other.CesSumOfSquares;
        Contacts += other.Contacts;
        Abandoned += other.Abandoned;
        FirstContactResolutions += other.FirstContactResolutions;
        AnsweredWithinTarget += other.AnsweredWithinTarget;
        WaitSum += other.WaitSum;
        WaitSumOfSquares += other.WaitSumOfSquares;
        AnsweredWaitSum += other.AnsweredWaitSum;
        HandleSum += other.HandleSum;
    }

    /// <inheritdoc/>
    public readonly bool Equals(MetricCounts other) =>
        Events == other.Events && Negative == other.Negative
        && NpsPromoters == other.NpsPromoters && NpsPassives == other.NpsPassives && NpsDetractors == other.NpsDetractors
        && CsatResponses == other.CsatResponses && CsatTop2 == other.CsatTop2
        && CsatSum == other.CsatSum && CsatSumOfSquares == other.CsatSumOfSquares
        && CesResponses == other.CesResponses && CesEasy == other.CesEasy
        && CesSum == other.CesSum && CesSumOfSquares == other.CesSumOfSquares
        && Contacts == other.Contacts && Abandoned == other.Abandoned
        && FirstContactResolutions == other.FirstContactResolutions && AnsweredWithinTarget == other.AnsweredWithinTarget
        && WaitSum.Equals(other.WaitSum) && WaitSumOfSquares.Equals(other.WaitSumOfSquares)
        && AnsweredWaitSum.Equals(other.AnsweredWaitSum) && HandleSum.Equals(other.HandleSum);

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is MetricCounts other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Events);
        hash.Add(Negative);
        hash.Add(NpsPromoters);
        hash.Add(NpsPassives);
        hash.Add(NpsDetractors);
        hash.Add(CsatResponses);
        hash.Add(CesResponses);
        hash.Add(Contacts);
        hash.Add(Abandoned);
        hash.Add(WaitSum);
        hash.Add(HandleSum);
        return hash.ToHashCode();
    }

    private void RecordContact(in Interaction contact, ServiceTarget target)
    {
        // DESIGN.md §1 contact metrics: wait over all contacts; handle, ASA, FCR and "within target" over answered ones.
        var wait = contact.WaitSeconds;
        Contacts++;
        WaitSum += wait;
        WaitSumOfSquares += wait * wait;
        if (contact.Abandoned)
        {
            Abandoned++;
            return;
        }

        AnsweredWaitSum += wait;
        HandleSum += contact.HandleSeconds;

        // FCR: resolved AND first contact (industry definition).
        if (contact.Resolved && contact.FirstContact)
        {
            FirstContactResolutions++;
        }

        // Within target means not longer than promised, the same edge IsNegative uses.
        if (wait <= target.EffectiveWaitSeconds)
        {
            AnsweredWithinTarget++;
        }
    }
}
