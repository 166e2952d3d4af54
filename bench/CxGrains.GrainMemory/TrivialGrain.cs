using CxGrains.Grains;

namespace CxGrains.GrainMemory;

/// <summary>A grain with no state and no collaborators: what an activation costs Orleans itself.</summary>
public interface ITrivialGrain : IGrainWithStringKey
{
    /// <summary>Activates the grain.</summary>
    Task Touch();
}

/// <summary>The probe's baseline grain.</summary>
public sealed class TrivialGrain : Grain, ITrivialGrain
{
    /// <inheritdoc />
    public Task Touch() => Task.CompletedTask;
}

/// <summary>A baseline grain with an (empty) persistent state: what Orleans' state bridge adds.</summary>
public interface IStatefulTrivialGrain : IGrainWithStringKey
{
    /// <summary>Activates the grain.</summary>
    Task Touch();
}

/// <summary>The probe's baseline grain with persistent state.</summary>
public sealed class StatefulTrivialGrain([PersistentState("probe", StorageNames.Provider)] IPersistentState<ProbeState> state) : Grain, IStatefulTrivialGrain
{
    /// <inheritdoc />
    public Task Touch() => Task.FromResult(state.State.Value);
}

/// <summary>A baseline grain that registers and disposes a timer: what a timer leaves behind.</summary>
public interface ITimerTrivialGrain : IGrainWithStringKey
{
    /// <summary>Activates the grain.</summary>
    Task Touch();
}

/// <summary>The probe's baseline grain with a disposed timer.</summary>
public sealed class TimerTrivialGrain : Grain, ITimerTrivialGrain
{
    /// <inheritdoc />
    public Task Touch()
    {
        this.RegisterGrainTimer(_ => Task.CompletedTask, TimeSpan.FromHours(1), TimeSpan.FromHours(1)).Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>State of <see cref="StatefulTrivialGrain"/>.</summary>
[GenerateSerializer]
public sealed class ProbeState
{
    /// <summary>A value.</summary>
    [Id(0)] public int Value { get; set; }
}
