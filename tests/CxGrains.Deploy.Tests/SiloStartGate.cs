
namespace CxGrains.Deploy.Tests;

/// <summary>Holds the silo's start-up just before it joins the cluster, until the test opens the gate.</summary>
public sealed class SiloStartGate : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when start-up is waiting at the gate.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the silo go on and join.</summary>
    public void Open() => _open.TrySetResult();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloStartGate), ServiceLifecycleStage.ApplicationServices, async ct =>
        {
            _reached.TrySetResult();
            await _open.Task.WaitAsync(ct);
        });
}
