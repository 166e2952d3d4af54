namespace CxGrains.Scoring;

/// <summary>
/// Turns one interaction into an experience signal on a 0–100 scale (higher = better) and decides whether it was a
/// negative experience. The signals feed the customer health components; negativity feeds churn risk and the
/// negative share of touchpoint and segment windows. The mappings are ours (docs/scoring.md, "Signals").
/// </summary>
public static class ExperienceSignal
{
    /// <summary>A contact resolved on first contact starts from the best score.</summary>
    public const double ContactResolvedFirstTime = 100;

    /// <summary>A contact resolved, but not on first contact (the customer had to come back), starts here.</summary>
    public const double ContactResolvedLater = 80;

    /// <summary>An unresolved contact starts here: the customer still has the problem.</summary>
    public const double ContactUnresolved = 40;

    /// <summary>Points lost when the wait reaches the target: a small preference for faster answers within the promise.</summary>
    public const double WaitPenaltyAtTarget = 5;

    /// <summary>Points lost per multiple of the target waited beyond it (disconfirmed expectation).</summary>
    public const double WaitPenaltyPerTargetOver = 20;

    /// <summary>The most points the wait can take.</summary>
    public const double MaxWaitPenalty = 50;

    /// <summary>Points lost per transfer.</summary>
    public const double TransferPenalty = 5;

    /// <summary>The most points transfers can take.</summary>
    public const double MaxTransferPenalty = 15;

    /// <summary>Points added per unit of sentiment (−1..1), so sentiment moves a contact by at most ±15.</summary>
    public const double SentimentPoints = 15;

    /// <summary>Sentiment at or below which a contact is a negative experience.</summary>
    public const double NegativeSentiment = -0.5;

    /// <summary>The health component an interaction kind feeds, or <see langword="null"/> for purchases.</summary>
    /// <param name="kind">The interaction kind.</param>
    /// <returns>The component, or <see langword="null"/> when the kind carries no experience judgement.</returns>
    public static HealthComponentKind? ComponentOf(InteractionKind kind) => kind switch
    {
        InteractionKind.Nps => HealthComponentKind.Loyalty,
        InteractionKind.Csat => HealthComponentKind.Satisfaction,
        InteractionKind.Ces => HealthComponentKind.Effort,
        InteractionKind.Contact or InteractionKind.Complaint => HealthComponentKind.Service,
        _ => null,
    };

    /// <summary>
    /// The experience signal of one interaction, 0–100 (higher = better). A purchase is not an experience judgement
    /// and returns <see cref="double.NaN"/>.
    /// </summary>
    /// <param name="interaction">The interaction.</param>
    /// <param name="target">The touchpoint's promised service, used for contacts.</param>
    /// <returns>The signal in 0..100, or NaN for purchases.</returns>
    public static double Score(in Interaction interaction, ServiceTarget target) => interaction.Kind switch
    {
        // NPS 0–10 maps linearly onto 0–100: our choice, keeps the answer readable (8 → 80).
        InteractionKind.Nps => interaction.Score * 10.0,

        // CSAT 1–5 maps linearly onto 0–100: (s − 1) / 4 × 100, our choice.
        InteractionKind.Csat => (interaction.Score - 1) * 25.0,

        // CES 1–7 (7 = easiest) maps linearly onto 0–100: (s − 1) / 6 × 100, our choice.
        InteractionKind.Ces => (interaction.Score - 1) * (100.0 / 6.0),

        InteractionKind.Contact => ContactScore(interaction, target),

        // Complaint: 45 − 15 × severity → 30, 15, 0; a complaint is always a poor experience. Our choice.
        InteractionKind.Complaint => 45.0 - (15.0 * interaction.Score),

        _ => double.NaN,
    };

    /// <summary>
    /// Whether the interaction was a negative experience: an NPS detractor (0–6), CSAT 1–2, CES 1–3, any complaint,
    /// or a contact that was abandoned, unresolved, waited longer than the target, or had sentiment ≤ −0.5.
    /// </summary>
    /// <param name="interaction">The interaction.</param>
    /// <param name="target">The touchpoint's promised service, used for contacts.</param>
    /// <returns><see langword="true"/> for a negative experience.</returns>
    public static bool IsNegative(in Interaction interaction, ServiceTarget target) => interaction.Kind switch
    {
        // Detractor, as the NPS definition has it.
        InteractionKind.Nps => interaction.Score <= 6,

        // Bottom-2-box: the mirror of CSAT's top-2-box; 3 is neutral, not negative. Our choice.
        InteractionKind.Csat => interaction.Score <= 2,

        // Below the scale's neutral midpoint of 4 ("neither agree nor disagree"). Our choice.
        InteractionKind.Ces => interaction.Score <= 3,

        // Expectation–disconfirmation (DESIGN.md §1): worse than promised is negative.
        InteractionKind.Contact =>
            interaction.Abandoned
            || !interaction.Resolved
            || interaction.WaitSeconds > target.EffectiveWaitSeconds
            || interaction.Sentiment <= NegativeSentiment,

        InteractionKind.Complaint => true,
        _ => false,
    };

    private static double ContactScore(in Interaction contact, ServiceTarget target)
    {
        // The customer gave up: the worst service outcome.
        if (contact.Abandoned)
        {
            return 0;
        }

        // Resolution matters most (FCR is the strongest driver of contact satisfaction); our weights.
        var score = contact.Resolved
            ? (contact.FirstContact ? ContactResolvedFirstTime : ContactResolvedLater)
            : ContactUnresolved;

        // Expectation–disconfirmation: the wait is judged against the promise, as a multiple r of the target.
        // Up to the target the penalty grows gently (5 × r); beyond it, 20 points per extra target, capped. Our choice.
        var ratio = contact.WaitSeconds / target.EffectiveWaitSeconds;
        var waitPenalty = ratio <= 1
            ? WaitPenaltyAtTarget * ratio
            : Math.Min(MaxWaitPenalty, WaitPenaltyAtTarget + (WaitPenaltyPerTargetOver * (ratio - 1)));

        // Each transfer is another hand-off the customer sits through. Our choice.
        var transferPenalty = Math.Min(MaxTransferPenalty, TransferPenalty * contact.Transfers);

        score = score - waitPenalty - transferPenalty + (SentimentPoints * contact.Sentiment);
        return Math.Clamp(score, 0, 100);
    }
}
