using Orleans.Storage;

namespace CxGrains.Persistence;

/// <summary>
/// Wraps a grain storage whose keys can collide (the Orleans AdoNet provider) and hands it
/// <see cref="StorageKeyScheme.ToStorageId(GrainId)"/> instead of the grain's own id, so raw
/// customer and touchpoint ids are safe grain keys.
/// </summary>
/// <remarks>
/// Every call is forwarded unchanged except for the id, so ETags, <c>RecordExists</c> and the
/// provider's <see cref="InconsistentStateException"/> behave exactly as the inner storage's do.
/// The wrapper also forwards lifecycle participation: the AdoNet provider loads its queries in
/// its silo lifecycle callback, and Orleans subscribes whatever is registered under the
/// provider name.
/// </remarks>
public sealed class CollisionSafeGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainStorage _inner;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="inner">The storage that receives rewritten ids.</param>
    public CollisionSafeGrainStorage(IGrainStorage inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>The wrapped storage.</summary>
    public IGrainStorage Inner => _inner;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ReadStateAsync(stateName, StorageKeyScheme.ToStorageId(grainId), grainState);

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _inner.ReadStateAsync(stateName, StorageKeyScheme.ToStorageId(grainId), grainState, cancellationToken);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.WriteStateAsync(stateName, StorageKeyScheme.ToStorageId(grainId), grainState);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _inner.WriteStateAsync(stateName, StorageKeyScheme.ToStorageId(grainId), grainState, cancellationToken);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ClearStateAsync(stateName, StorageKeyScheme.ToStorageId(grainId), grainState);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _inner.ClearStateAsync(stateName, StorageKeyScheme.ToStorageId(grainId), grainState, cancellationToken);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (_inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(lifecycle);
        }
    }
}
