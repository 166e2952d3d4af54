using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CxGrains.Grains.Storage;

/// <summary>
/// Whether this silo's cluster membership is unsettled: a silo joining, stopping or just gone.
/// Orleans' default grain directory can then hold two activations of one grain for a while (the
/// stopping silo's, still writing its state on the way out, and a new one elsewhere that read the
/// state before that write). Grains activated in such a period re-read their stored state until the
/// membership settles, so that the other activation's last write
/// reaches their memory; version conflicts cover the writes (<see cref="UnsavedChanges{T}"/>).
/// </summary>
public sealed partial class MembershipChurn(IClusterMembershipService membership, TimeProvider time, ILogger<MembershipChurn> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>How long after the last status change the membership still counts as unsettled.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();

    // Activations following the stored state (kept here, not in a field of each: a million customers would carry it).
    private readonly ConcurrentDictionary<object, byte> _followers = new(ReferenceEqualityComparer.Instance);
    private long _lastChangeTicks;
    private volatile bool _transitioning;
    private volatile bool _clustered;

    /// <summary>True while a duplicate activation can exist: two or more live silos, and a status change under way or recent.</summary>
    public bool Unsettled =>
        _clustered && (_transitioning || time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastChangeTicks) < SettleTime.Ticks);

    /// <summary>Marks <paramref name="activation"/> as following the stored state until <see cref="Unfollow"/>.</summary>
    public void Follow(object activation) => _followers.TryAdd(activation, 0);

    /// <summary>Ends <paramref name="activation"/>'s following; nothing when it was not following.</summary>
    public void Unfollow(object activation) => _followers.TryRemove(activation, out _);

    /// <summary>Whether <paramref name="activation"/> follows the stored state; no lock taken while none does.</summary>
    public bool IsFollowing(object activation) => !_followers.IsEmpty && _followers.ContainsKey(activation);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MembershipChurn), ServiceLifecycleStage.RuntimeGrainServices, started =>
        {
            _ = Task.Run(WatchAsync, CancellationToken.None);
            return Task.CompletedTask;
        }, _ => _stopping.CancelAsync());

    private async Task WatchAsync()
    {
        Dictionary<SiloAddress, SiloStatus> previous = [];
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var statuses = snapshot.Members.ToDictionary(m => m.Key, m => m.Value.Status);
                if (statuses.Count != previous.Count || statuses.Any(s => !previous.TryGetValue(s.Key, out var before) || before != s.Value))
                {
                    Interlocked.Exchange(ref _lastChangeTicks, time.GetUtcNow().UtcTicks);
                }

                _clustered = statuses.Values.Count(s => s != SiloStatus.Dead) > 1;
                _transitioning = statuses.Values.Any(s => s is not (SiloStatus.Active or SiloStatus.Dead));
                previous = statuses;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            // Without updates every activation counts as unsettled: safe, only slower.
            LogWatchFailed(logger, ex);
            _clustered = true;
            _transitioning = true;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching cluster membership failed; activations re-read their stored state until restart")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
