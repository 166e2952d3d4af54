namespace CxGrains.TestSupport;

/// <summary>A queue's figures computed directly from its contacts' lives (see <see cref="QueueScenario"/>).</summary>
/// <param name="Waiting">Contacts waiting now.</param>
/// <param name="OldestWaitSeconds">How long the longest-waiting contact has waited, at the scenario's now.</param>
/// <param name="OldestWaitingSinceTicks">When the longest-waiting contact was offered (UTC ticks), null when none waits.</param>
/// <param name="InHandling">Contacts answered whose end has not arrived.</param>
/// <param name="Offered">Contacts offered.</param>
/// <param name="Answered">Contacts answered.</param>
/// <param name="AnsweredWithinTarget">Contacts answered within the target.</param>
/// <param name="Abandoned">Contacts abandoned, ended unanswered included.</param>
/// <param name="ShortAbandoned">Abandons shorter than the threshold.</param>
/// <param name="Handled">Answered contacts that ended.</param>
/// <param name="ServiceLevelPercent">Within target ÷ (answered + abandoned).</param>
/// <param name="ServiceLevelExcludingShortAbandonsPercent">Within target ÷ (answered + abandoned − short abandons).</param>
/// <param name="AbandonPercent">Abandoned ÷ (answered + abandoned).</param>
/// <param name="AverageSpeedOfAnswerSeconds">Mean wait of answered contacts.</param>
/// <param name="AverageHandleSeconds">Mean handle time of ended answered contacts.</param>
public sealed record QueueReference(
    int Waiting,
    double OldestWaitSeconds,
    long? OldestWaitingSinceTicks,
    int InHandling,
    long Offered,
    long Answered,
    long AnsweredWithinTarget,
    long Abandoned,
    long ShortAbandoned,
    long Handled,
    double ServiceLevelPercent,
    double ServiceLevelExcludingShortAbandonsPercent,
    double AbandonPercent,
    double AverageSpeedOfAnswerSeconds,
    double AverageHandleSeconds);
