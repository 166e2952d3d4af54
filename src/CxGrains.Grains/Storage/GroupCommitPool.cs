namespace CxGrains.Grains.Storage;

/// <summary>
/// One per silo and grain type: the <see cref="GroupCommit"/>s grains hold while they have changes to write.
/// </summary>
/// <remarks>
/// With a million customers each one sees an event every few seconds, so customers keep taking a commit for
/// their next write and dropping it once written. Made new each time, a commit and its delegate lived through
/// the write-behind wait, seconds under load, and every young collection copied the ones made since the last;
/// kept here, they are old objects that stay put. Bounded: beyond <see cref="Retained"/> free commits, a
/// returned one is left to the collector.
/// </remarks>
internal sealed class GroupCommitPool(Func<object, Task> write, GrainMetrics? metrics, string grain)
{
    /// <summary>The most free commits kept (about 80 bytes each).</summary>
    public const int Retained = 65_536;

    private readonly Stack<GroupCommit> _free = new();
    private readonly Lock _gate = new();

    /// <summary>Free commits now.</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>An idle commit writing for <paramref name="target"/>.</summary>
    public GroupCommit Rent(object target)
    {
        lock (_gate)
        {
            if (_free.TryPop(out var commit))
            {
                commit.Retarget(target);
                return commit;
            }
        }

        return new GroupCommit(write, target, metrics, grain);
    }

    /// <summary>Takes back a commit its grain no longer uses: it must be idle, and the grain must drop its reference.</summary>
    public void Return(GroupCommit commit)
    {
        if (commit.Busy)
        {
            return;
        }

        // Let go of the grain now: a free commit must not keep a deactivated grain alive.
        commit.Retarget(this);
        lock (_gate)
        {
            if (_free.Count < Retained)
            {
                _free.Push(commit);
            }
        }
    }
}
