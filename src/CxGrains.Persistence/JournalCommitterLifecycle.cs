using Microsoft.Extensions.DependencyInjection;

namespace CxGrains.Persistence;

/// <summary>
/// Starts the silo's <see cref="JournalCommitter"/> with the storage stage (so bad
/// <c>Cx:Journal</c> settings stop the silo at start-up) and stops it when that stage stops: after
/// the grains have deactivated and made their last appends, before the stores close.
/// </summary>
internal sealed class JournalCommitterLifecycle(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private JournalCommitter? _committer;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(JournalCommitterLifecycle),
            ServiceLifecycleStage.RuntimeStorageServices,
            _ =>
            {
                _committer = services.GetRequiredService<JournalCommitter>();
                return Task.CompletedTask;
            },
            _ => _committer?.StopAsync(StopTimeout) ?? Task.CompletedTask);
}
