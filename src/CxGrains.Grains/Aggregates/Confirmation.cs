using CxGrains.Abstractions;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// The completion shared by every tracked event of one pending delta. A failed flush folds the
/// delta into the next one; its confirmation is then chained to that one's, so waiters are released
/// by the send that finally succeeds. A failed send is also announced (<see cref="Failed"/>), so that
/// a caller that must not wait out an outage can give up while the events stay on their way.
/// </summary>
internal sealed class Confirmation
{
    private readonly TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<Confirmation>? _chained;

    /// <summary>Completes when the events were applied.</summary>
    public Task Task => _source.Task;

    /// <summary>Completes, with the cause, when a send of the events failed (they are retried; <see cref="Task"/> still completes once one succeeds).</summary>
    public Task<Exception> Failed => _failure.Task;

    /// <summary>Releases <paramref name="other"/> together with this one.</summary>
    public void Chain(Confirmation other) => (_chained ??= []).Add(other);

    /// <summary>Announces a failed send to every waiter.</summary>
    public void Fail(Exception cause)
    {
        _failure.TrySetResult(cause);
        if (_chained is not null)
        {
            foreach (var other in _chained)
            {
                other.Fail(cause);
            }
        }
    }

    /// <summary>
    /// Completes once every one of <paramref name="confirmations"/> is confirmed; fails with the cause
    /// as soon as a send of any of them fails first.
    /// </summary>
    public static async Task AllConfirmed(IReadOnlyList<Confirmation> confirmations)
    {
        var confirmed = Task.WhenAll(confirmations.Select(c => c.Task));
        var failed = Task.WhenAny(confirmations.Select(c => c.Failed));
        if (await Task.WhenAny(confirmed, failed) == failed)
        {
            var cause = await await failed;
            throw new StorageUnavailableException($"the events' touchpoints could not write them ({cause.Message})", cause);
        }
    }

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
