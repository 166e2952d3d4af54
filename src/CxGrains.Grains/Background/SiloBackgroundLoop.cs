namespace CxGrains.Grains.Background;

/// <summary>
/// A <see cref="BackgroundLoop"/> that starts when the silo reaches <see cref="Stage"/> and stops,
/// with its final pass, when the silo leaves it.
/// </summary>
public abstract class SiloBackgroundLoop(TimeProvider time, TimeSpan? period = null)
    : BackgroundLoop(time, period), ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The silo lifecycle stage (a <see cref="ServiceLifecycleStage"/> value) the loop runs in.</summary>
    protected abstract int Stage { get; }

    /// <inheritdoc />
    public virtual void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, Stage, StartAsync, StopAsync);
}
