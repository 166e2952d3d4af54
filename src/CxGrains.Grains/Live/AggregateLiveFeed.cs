using CxGrains.Abstractions;
using CxGrains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Live;

/// <summary>
/// Publishes a touchpoint's or segment's state when it changes, at most once per
/// <see cref="LiveOptions.MinPushInterval"/>: the first change after a quiet spell goes out at
/// once (an idle board updates immediately), later ones within the interval are folded into one
/// trailing publish when it ends (the last change is never lost). Figures that change by ageing
/// alone (a bucket leaving a window) are published too, when the next one leaves, so that a quiet
/// touchpoint's board drains instead of freezing. Runs on the grain's scheduler; never throws into
/// the grain.
/// </summary>
public sealed class AggregateLiveFeed
{
    private static readonly WindowKind[] Windows = Enum.GetValues<WindowKind>();

    private readonly IGrainBase _grain;
    private readonly IAggregateGrain _aggregate;
    private readonly AggregateKind _kind;
    private readonly ILivePublisher _publisher;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minInterval;
    private readonly Func<long, long?> _nextAgeing;
    private IGrainTimer? _trailing;
    private IGrainTimer? _ageing;
    private bool _trailingArmed;
    private long _lastPublished = long.MinValue;

    private AggregateLiveFeed(IGrainBase grain, IAggregateGrain aggregate, AggregateKind kind, Func<long, long?> nextAgeing, IServiceProvider services)
    {
        _grain = grain;
        _nextAgeing = nextAgeing;
        _aggregate = aggregate;
        _kind = kind;
        _publisher = services.GetRequiredService<ILivePublisher>();
        _time = services.GetRequiredService<TimeProvider>();
        _minInterval = services.GetRequiredService<IOptions<LiveOptions>>().Value.MinPushInterval;
    }

    /// <summary>
    /// The feed of a touchpoint or segment grain; call from its activation. <paramref name="nextAgeing"/>
    /// gives, for a time in UTC ticks, when the grain's figures next change by ageing alone (null: never).
    /// </summary>
    public static AggregateLiveFeed For<TGrain>(TGrain grain, AggregateKind kind, Func<long, long?> nextAgeing) where TGrain : IGrainBase, IAggregateGrain =>
        new(grain, grain, kind, nextAgeing, grain.GrainContext.ActivationServices);

    /// <summary>Notes that the grain's state changed.</summary>
    public void Changed()
    {
        if (_trailingArmed)
        {
            return; // The trailing publish will carry this change too.
        }

        var now = _time.GetTimestamp();
        var since = _lastPublished == long.MinValue ? TimeSpan.MaxValue : _time.GetElapsedTime(_lastPublished, now);
        if (since >= _minInterval)
        {
            Publish(now);
            return;
        }

        _trailingArmed = true;
        _trailing ??= _grain.RegisterGrainTimer(OnTrailing, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _trailing.Change(_minInterval - since, Timeout.InfiniteTimeSpan);
    }

    private Task OnTrailing()
    {
        _trailingArmed = false;
        Publish(_time.GetTimestamp());
        return Task.CompletedTask;
    }

    /// <summary>Publishes again when the next bucket leaves a window, unless a change publishes first.</summary>
    private void ArmAgeing()
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (_nextAgeing(now) is not { } next)
        {
            _ageing?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // Changed() folds it into the push rate limit like any other change.
        _ageing ??= _grain.RegisterGrainTimer(() =>
        {
            Changed();
            return Task.CompletedTask;
        }, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ageing.Change(TimeSpan.FromTicks(next - now), Timeout.InfiniteTimeSpan);
    }

    private void Publish(long now)
    {
        _lastPublished = now;
        try
        {
            var snapshots = new List<AggregateSnapshot>(Windows.Length);
            foreach (var window in Windows)
            {
                // The grain's own method, called on the instance: it completes synchronously.
                var task = _aggregate.GetSnapshot(window);
                if (task.IsCompletedSuccessfully && task.Result is { } snapshot)
                {
                    snapshots.Add(snapshot);
                }
            }

            if (snapshots.Count > 0)
            {
                _publisher.PublishAggregate(new LiveAggregateChange { Kind = _kind, Key = snapshots[0].Key, Windows = snapshots });
            }

            ArmAgeing();
        }
        catch (Exception)
        {
            // Live pushes are best effort: a failure here must never fail the merge that triggered it.
        }
    }
}
