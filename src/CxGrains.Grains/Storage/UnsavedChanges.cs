namespace CxGrains.Grains.Storage;

/// <summary>
/// What a grain applied since its last stored write, in order. When a write is refused because
/// another activation of the same grain wrote first (a version conflict: Orleans' default grain
/// directory allows brief duplicate activations, e.g. around a stopping silo), the grain re-reads
/// the stored state and re-applies these changes on top of it instead of losing them.
/// </summary>
/// <remarks>
/// Runs on the grain's scheduler. Empty (null list) whenever the grain's state is written, so an
/// idle grain holds nothing.
/// </remarks>
/// <typeparam name="T">One applied change: a batch of events, or an aggregate delta.</typeparam>
internal sealed class UnsavedChanges<T>
{
    private List<T>? _items;
    private int _epoch;

    /// <summary>The changes not yet known to be stored, oldest first.</summary>
    public IReadOnlyList<T> Items => (IReadOnlyList<T>?)_items ?? [];

    /// <summary>
    /// True after <see cref="Restart"/> until a write containing the restart is stored: the unsaved
    /// changes then start from an empty state, not from the stored one.
    /// </summary>
    public bool FromEmpty { get; private set; }

    /// <summary>Records an applied change.</summary>
    public void Add(T change) => (_items ??= []).Add(change);

    /// <summary>What a write starting now contains; pass it to <see cref="Stored"/> once the write succeeded.</summary>
    public WriteMark Mark() => new(_epoch, _items?.Count ?? 0);

    /// <summary>Forgets the changes a successful write contained.</summary>
    public void Stored(WriteMark mark)
    {
        if (mark.Epoch != _epoch)
        {
            // A restart happened while the write was in flight: what it stored is superseded.
            return;
        }

        FromEmpty = false;
        if (_items is null)
        {
            return;
        }

        _items.RemoveRange(0, mark.Count);
        if (_items.Count == 0)
        {
            _items = null;
        }
    }

    /// <summary>Drops every unsaved change: the state was reset (erased) and is rebuilt from empty.</summary>
    public void Restart()
    {
        _items = null;
        _epoch++;
        FromEmpty = true;
    }

    /// <summary>A point in the log: the changes a write contains.</summary>
    internal readonly record struct WriteMark(int Epoch, int Count);
}
