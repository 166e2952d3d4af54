using Orleans.Serialization;
using Orleans.Storage;

namespace CxGrains.Persistence;

/// <summary>
/// Wraps a grain storage whose keys can collide (the Orleans AdoNet provider) and hands it
/// <see cref="StorageKeyScheme.ToStorageId(GrainId)"/> instead of the grain's own id, so raw
/// customer and touchpoint ids are safe grain keys.
/// </summary>
/// <remarks>
/// <para>
/// Every call is forwarded unchanged except for the id (and, for writes, a copy of the state), so ETags, <c>RecordExists</c> and the
/// provider's <see cref="InconsistentStateException"/> behave exactly as the inner storage's do.
/// The wrapper also forwards lifecycle participation: the AdoNet provider loads its queries in
/// its silo lifecycle callback, and Orleans subscribes whatever is registered under the
/// provider name.
/// </para>
/// <para>
/// Writes hand the provider a copy of the state taken at the call. The AdoNet provider serializes
/// the state only after it has opened a connection, on a thread-pool thread; a reentrant grain
/// (the customer grain commits in groups while further calls run) may change its state meanwhile,
/// and the provider would read it half-changed.
/// </para>
/// </remarks>
public sealed class CollisionSafeGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainStorage _inner;
    private readonly DeepCopier _copier;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="inner">The storage that receives rewritten ids.</param>
    /// <param name="copier">Copies state for writes (the silo's serializer-generated copiers).</param>
    public CollisionSafeGrainStorage(IGrainStorage inner, DeepCopier copier)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(copier);
        _inner = inner;
        _copier = copier;
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
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);

        // Copied now, on the grain's turn: see the remarks.
        var snapshot = new GrainStateSnapshot<T>(_copier.Copy(grainState.State)!, grainState.ETag, grainState.RecordExists);
        await _inner.WriteStateAsync(stateName, StorageKeyScheme.ToStorageId(grainId), snapshot, cancellationToken);
        grainState.ETag = snapshot.ETag;
        grainState.RecordExists = snapshot.RecordExists;
    }

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
