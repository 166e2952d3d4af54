using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Host.Query;
using CxGrains.Host.Security;
using CxGrains.Scoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CxGrains.Host.Live;

/// <summary>
/// The live hub at <c>/hubs/cx</c>. Clients call <see cref="Watch"/> and <see cref="Unwatch"/>;
/// the host sends <c>update</c> (a segment or touchpoint view in one window) and <c>alert</c>
/// messages. A reader, admin or wallboard key, in the <c>x-api-key</c> header or the
/// <c>access_token</c> query parameter; a wallboard key sees no alert that names a customer.
/// </summary>
[Authorize(Policy = ApiKeyPolicies.Watch)]
public sealed class CxHub(IGrainFactory grains, LiveWatchers watchers, LivePusher pusher, LiveJson json, LiveMetrics metrics, TimeProvider time) : Hub
{
    /// <summary>Starts watching a topic in a window and sends its current view to the caller at once.</summary>
    /// <param name="topic"><c>segment/&lt;key&gt;</c>, <c>touchpoint/&lt;id&gt;</c> or <c>alerts</c>.</param>
    /// <param name="window"><c>ONE_MINUTE</c>, <c>FIFTEEN_MINUTES</c>, <c>ONE_HOUR</c> or <c>ONE_DAY</c>; ignored for <c>alerts</c>.</param>
    public async Task Watch(string topic, string window)
    {
        var (parsed, kind, group) = Parse(topic, window);
        try
        {
            if (watchers.Add(Context.ConnectionId, group))
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new HubException(ex.Message);
        }

        if (parsed.Kind is not { } aggregate)
        {
            // Alerts: the raised ones now, oldest first so a client applying them in order ends
            // with the newest on top; changes follow as 'alert' messages.
            var raised = await grains.GetGrain<IAlertGrain>(AlertGrainKeys.Cluster).List(activeOnly: true);
            foreach (var alert in raised.Reverse())
            {
                if (!SeesCustomers && AlertSubjects.IsCustomer(alert.Subject))
                {
                    continue;
                }

                await Clients.Caller.SendAsync(LiveMessages.Alert, json.ToElement(ViewMapper.ToAlert(alert)), Context.ConnectionAborted);
                metrics.Pushed(LiveMessages.Alert);
            }

            return;
        }

        // Joined first, then read: a change racing with this read is pushed too, so nothing is
        // missed; clients keep the view with the newest asOf.
        IAggregateGrain grain = aggregate == AggregateKind.Segment
            ? grains.GetGrain<ISegmentGrain>(parsed.Key)
            : grains.GetGrain<ITouchpointGrain>(parsed.Key);
        var snapshot = await grain.GetSnapshot(kind) ?? Empty(parsed.Key, kind);
        await Clients.Caller.SendAsync(LiveMessages.Update, pusher.ToUpdate(parsed.Name, aggregate, snapshot), Context.ConnectionAborted);
        metrics.Pushed(LiveMessages.Update);
    }

    /// <summary>Stops watching a topic in a window.</summary>
    public async Task Unwatch(string topic, string window)
    {
        var (_, _, group) = Parse(topic, window);
        if (watchers.Remove(Context.ConnectionId, group))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        }
    }

    /// <inheritdoc />
    public override Task OnConnectedAsync()
    {
        metrics.Connection(+1);
        return base.OnConnectedAsync();
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.Connection(-1);
        watchers.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    // Readers and admins may query customers anyway; a wallboard key may not.
    private bool SeesCustomers => Context.User is { } user && (user.IsInRole(ApiKeyRoles.Reader) || user.IsInRole(ApiKeyRoles.Admin));

    private (LiveTopic Topic, WindowKind Window, string Group) Parse(string topic, string window)
    {
        if (!LiveTopic.TryParse(topic, out var parsed, out var error))
        {
            throw new HubException($"Bad topic: {error}");
        }

        if (parsed!.Kind is null)
        {
            return (parsed, default, SeesCustomers ? LiveTopic.Alerts : LiveTopic.AggregateAlertsGroup);
        }

        if (!LiveWindows.TryParse(window, out var kind))
        {
            throw new HubException($"Bad window '{window}': use {string.Join(", ", LiveWindows.Names)}.");
        }

        return (parsed, kind, LiveWindows.Group(parsed.Name, kind));
    }

    // A topic that has seen no event yet: zero counts, so a board can show the tile and fill it
    // with the first push.
    private AggregateSnapshot Empty(string key, WindowKind window) => new()
    {
        Key = key,
        Window = window,
        Counts = default,
        AsOfTicks = time.GetUtcNow().UtcTicks,
        LifetimeEvents = 0,
    };
}
