using System.Buffers;

namespace CxGrains.Persistence;

/// <summary>
/// A serialized grain state on its way to a store: the first <see cref="Length"/> bytes of
/// <see cref="Buffer"/>, which was rented from <see cref="StatePayloads"/> when <see cref="Rented"/> is
/// true and goes back to it once the write has run (<see cref="Release"/>).
/// </summary>
internal readonly record struct StatePayload(byte[] Buffer, int Length, bool Rented)
{
    /// <summary>Gives a rented buffer back; nothing for one that was not rented.</summary>
    public void Release()
    {
        if (Rented)
        {
            StatePayloads.Pool.Return(Buffer);
        }
    }
}

/// <summary>
/// Where grain states are serialized for a write-behind: buffers rented for the write and given back once it has run.
/// </summary>
/// <remarks>
/// A buffer per write made a new array of the state's size for every customer written (a third of the silo's
/// allocation per event at the applied peak), young objects that a collection during the write's wait in the queue
/// keeps alive. The shared pool keeps only a few arrays per size and core; with thousands of writes queued at once
/// most would miss it, so this pool keeps enough for a queue's worth. States larger than its largest size are
/// allocated and dropped as before.
/// </remarks>
internal static class StatePayloads
{
    /// <summary>Buffers kept per size: about the writes queued at the applied peak.</summary>
    public const int KeptPerSize = 8192;

    /// <summary>The largest state that is serialized into a pooled buffer.</summary>
    public const int LargestPooled = 64 * 1024;

    /// <summary>The pool the buffers come from and go back to.</summary>
    public static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(LargestPooled, KeptPerSize);
}
