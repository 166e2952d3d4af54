using System.Diagnostics.CodeAnalysis;

namespace CxGrains.Persistence;

/// <summary>
/// A grain state handed to a storage provider as it was at the moment of the call: a deep copy of
/// the state, with the ETag and existence flag the provider reads and updates.
/// </summary>
/// <typeparam name="T">The state type.</typeparam>
internal sealed class GrainStateSnapshot<T>(T state, string? etag, bool recordExists) : IGrainState<T>
{
    /// <inheritdoc />
    [AllowNull]
    public T State { get; set; } = state;

    /// <inheritdoc />
    public string? ETag { get; set; } = etag;

    /// <inheritdoc />
    public bool RecordExists { get; set; } = recordExists;
}
