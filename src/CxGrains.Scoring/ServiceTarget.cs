namespace CxGrains.Scoring;

/// <summary>
/// A touchpoint's promised service (its SLA): the wait the customer was led to expect. Under the
/// expectation–disconfirmation model a contact that waits longer than promised is a negative experience.
/// </summary>
/// <param name="TargetWaitSeconds">The promised maximum wait in seconds; zero or less means <see cref="Default"/>.</param>
public readonly record struct ServiceTarget(double TargetWaitSeconds)
{
    /// <summary>The promised wait when a touchpoint configures none, in seconds.</summary>
    public const double DefaultTargetWaitSeconds = 60;

    /// <summary>The target used when a touchpoint configures none: 60 seconds, a common contact-centre answer target.</summary>
    public static ServiceTarget Default { get; } = new(DefaultTargetWaitSeconds);

    /// <summary>
    /// The target wait actually applied: <see cref="TargetWaitSeconds"/>, or the default 60 s when it is not a
    /// positive finite number (so that <c>default(ServiceTarget)</c> never divides by zero).
    /// </summary>
    public double EffectiveWaitSeconds =>
        TargetWaitSeconds > 0 && double.IsFinite(TargetWaitSeconds) ? TargetWaitSeconds : DefaultTargetWaitSeconds;
}
