namespace CxGrains.Grains.Storage;

/// <summary>
/// A stable 64-bit hash of an event id (FNV-1a over UTF-16 code units). Customers remember hashes,
/// not ids, to keep dedupe state at 8 bytes an event; <see cref="string.GetHashCode()"/> is not
/// usable because it is randomised per process. A false duplicate needs a 64-bit collision within
/// one customer's horizon: about 1 in 10^15 for 128 ids.
/// </summary>
internal static class EventIdHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The hash of <paramref name="eventId"/>; never 0, which marks an empty slot.</summary>
    public static long Of(string eventId) => Finish(Add(OffsetBasis, eventId));

    private static ulong Add(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash ^= c;
            hash *= Prime;
        }

        return hash;
    }

    private static long Finish(ulong hash) => hash == 0 ? 1 : unchecked((long)hash);
}
