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
