using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Host.Query;
using Google.Protobuf;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Live;

/// <summary>Turns grain snapshots and alerts into hub messages and sends them to this host's clients.</summary>
public sealed partial class LivePusher(
    IHubContext<CxHub> hub,
    LiveWatchers watchers,
    LiveJson json,
    LiveMetrics metrics,
    IOptions<QueryOptions> query,
    ILogger<LivePusher> logger)
{
    private readonly int _minimumResponses = query.Value.MinimumResponses;

    /// <summary>The <c>update</c> message of a snapshot.</summary>
    public LiveUpdate ToUpdate(string topic, AggregateKind kind, AggregateSnapshot snapshot)
    {
        IMessage view = kind == AggregateKind.Segment
            ? ViewMapper.ToSegmentView(snapshot, _minimumResponses)
            : ViewMapper.ToTouchpointView(snapshot, _minimumResponses);
        var element = json.ToElement(view);
        var asOf = element.GetProperty("asOf").GetString() ?? "";
        return new LiveUpdate(topic, LiveWindows.NameOf(snapshot.Window), asOf, element);
    }

    /// <summary>Pushes one delivered batch to the groups that watch its topics.</summary>
    public async Task PushAsync(LiveBatch batch)
    {
        var sends = new List<Task>();
        foreach (var change in batch.Aggregates)
        {
            var topic = LiveTopic.NameOf(change.Kind, change.Key);
            foreach (var snapshot in change.Windows)
            {
                var group = LiveWindows.Group(topic, snapshot.Window);
                if (watchers.IsWatched(group) && watchers.TryClaimPush(group, snapshot))
                {
                    sends.Add(SendAsync(group, LiveMessages.Update, ToUpdate(topic, change.Kind, snapshot)));
                }
            }
        }

        if (batch.Alerts.Count > 0)
        {
            var everyAlert = watchers.IsWatched(LiveTopic.Alerts);
            var aggregateAlerts = watchers.IsWatched(LiveTopic.AggregateAlertsGroup);
            foreach (var alert in batch.Alerts)
            {
                var view = everyAlert || aggregateAlerts ? json.ToElement(ViewMapper.ToAlert(alert)) : default;
                if (everyAlert)
                {
                    sends.Add(SendAsync(LiveTopic.Alerts, LiveMessages.Alert, view));
                }

                // Wallboards never get an alert that names a customer.
                if (aggregateAlerts && !AlertSubjects.IsCustomer(alert.Subject))
                {
                    sends.Add(SendAsync(LiveTopic.AggregateAlertsGroup, LiveMessages.Alert, view));
                }
            }
        }

        await Task.WhenAll(sends);
    }

    private async Task SendAsync(string group, string message, object argument)
    {
        try
        {
            await hub.Clients.Group(group).SendAsync(message, argument);
            metrics.Pushed(message);
        }
        catch (Exception ex)
        {
            LogSendFailed(group, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing to hub group {Group} failed")]
    private partial void LogSendFailed(string group, Exception exception);
}
