using System.Collections.Concurrent;

namespace CxGrains.Host.Ingest;

/// <summary>Counts open ingest streams per API key so one misbehaving sender cannot take every connection.</summary>
public sealed class StreamQuota
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Takes a slot for <paramref name="keyName"/>; false when it already has <paramref name="limit"/> streams.</summary>
    public bool TryEnter(string keyName, int limit)
    {
        while (true)
        {
            var current = _open.GetOrAdd(keyName, 0);
            if (current >= limit)
            {
                return false;
            }

            if (_open.TryUpdate(keyName, current + 1, current))
            {
                return true;
            }
        }
    }

    /// <summary>Returns a slot.</summary>
    public void Exit(string keyName) => _open.AddOrUpdate(keyName, 0, (_, n) => Math.Max(0, n - 1));
}
