using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace CxGrains.Live.Tests;

/// <summary>Collects the update and alert messages a hub connection receives, with their arrival time.</summary>
public sealed class HubInbox
{
    private readonly Channel<(JsonElement Message, long At)> _updates = Channel.CreateUnbounded<(JsonElement, long)>();
    private readonly Channel<JsonElement> _alerts = Channel.CreateUnbounded<JsonElement>();

    public HubInbox(HubConnection connection)
    {
        connection.On<JsonElement>("update", u => _updates.Writer.TryWrite((u, System.Diagnostics.Stopwatch.GetTimestamp())));
        connection.On<JsonElement>("alert", a => _alerts.Writer.TryWrite(a));
    }

    /// <summary>The next update matching <paramref name="match"/>, or null if none arrives within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement?> TryNextUpdateAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var update = await _updates.Reader.ReadAsync(cancel.Token);
                if (match(update.Message))
                {
                    return update.Message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next update matching <paramref name="match"/> (others are skipped), with its arrival timestamp.</summary>
    public async Task<(JsonElement Message, long At)> NextUpdateAsync(Func<JsonElement, bool> match, string what, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            while (true)
            {
                var update = await _updates.Reader.ReadAsync(timeout.Token);
                if (match(update.Message))
                {
                    return update;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No update within {timeoutSeconds} s: {what}.");
            throw;
        }
    }

    /// <summary>Updates that arrived so far and were not read.</summary>
    public List<JsonElement> Drain()
    {
        var drained = new List<JsonElement>();
        while (_updates.Reader.TryRead(out var update))
        {
            drained.Add(update.Message);
        }

        return drained;
    }

    /// <summary>The next alert whose id is <paramref name="alertId"/>.</summary>
    public async Task<JsonElement> NextAlertAsync(string alertId, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            while (true)
            {
                var alert = await _alerts.Reader.ReadAsync(timeout.Token);
                if (alert.GetProperty("alertId").GetString() == alertId)
                {
                    return alert;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No alert '{alertId}' within {timeoutSeconds} s.");
            throw;
        }
    }

    public static long Events(JsonElement update) => update.GetProperty("view").GetProperty("metrics").GetProperty("events").GetInt64();

    public static string Topic(JsonElement update) => update.GetProperty("topic").GetString()!;
}
