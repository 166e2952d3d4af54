namespace CxGrains.Host.Hosting;

/// <summary>
/// Knows whether this process's silo is active: set when the silo lifecycle reaches
/// <see cref="ServiceLifecycleStage.Active"/> (after the silo joined the membership as Active),
/// cleared as soon as it starts to stop, so that /readyz turns 503 before the silo drains.
/// </summary>
public sealed class SiloActivity : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _active;

    /// <summary>True while the silo is an active member of the cluster.</summary>
    public bool IsActive => _active;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloActivity), ServiceLifecycleStage.Active,
            _ =>
            {
                _active = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                _active = false;
                return Task.CompletedTask;
            });
}
