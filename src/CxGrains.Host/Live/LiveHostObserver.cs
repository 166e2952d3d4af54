using CxGrains.Abstractions;

namespace CxGrains.Host.Live;

/// <summary>This host's observer: every silo's publisher delivers batches here.</summary>
public sealed class LiveHostObserver(LivePusher pusher) : ILiveHostObserver
{
    /// <inheritdoc />
    public Task Deliver(LiveBatch batch) => pusher.PushAsync(batch);
}
