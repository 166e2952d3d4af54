namespace CxGrains.Grains.Aggregates;

/// <summary>
/// The completion shared by every tracked event of one pending delta. A failed flush folds the
/// delta into the next one; its confirmation is then chained to that one's, so waiters are released
/// by the send that finally succeeds.
/// </summary>
internal sealed class Confirmation
{
    private readonly TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<Confirmation>? _chained;

    /// <summary>Completes when the events were applied.</summary>
    public Task Task => _source.Task;

    /// <summary>Releases <paramref name="other"/> together with this one.</summary>
    public void Chain(Confirmation other) => (_chained ??= []).Add(other);

    /// <summary>Releases every waiter.</summary>
    public void Complete()
    {
        _source.TrySetResult();
        if (_chained is not null)
        {
            foreach (var other in _chained)
            {
                other.Complete();
            }
        }
    }
}
