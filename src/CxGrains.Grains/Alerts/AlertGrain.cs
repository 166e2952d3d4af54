using CxGrains.Abstractions;
using CxGrains.Grains.Alerts.Webhooks;
using CxGrains.Grains.Live;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Alerts;

/// <summary>
/// The cluster's alert list. Turns reported changes into raised, updated and resolved alerts,
/// persists them, and hands every change to the live publisher and raises and resolutions to the
/// webhook dispatcher (both queue and return at once). While touchpoint or segment alerts are
/// raised it stays active and asks their subjects now and then to re-check them, so that an alert
/// on a subject that went silent resolves after its no-data timeout (a silent subject's grain has
/// nothing else to wake it). Reported changes are written behind (<see cref="AlertOptions.WriteInterval"/>):
/// the list is one row, written whole.
/// </summary>
[GrainType("cx.alerts")]
public sealed partial class AlertGrain(
    [PersistentState(StorageNames.Alerts, StorageNames.Provider)] IPersistentState<AlertState> state,
    AlertRuleSet rules,
    IOptions<AlertOptions> options,
    ILivePublisher live,
    AlertWebhookDispatcher webhooks,
    TimeProvider time,
    ILogger<AlertGrain> logger) : Grain, IAlertGrain
{
    private readonly int _resolvedKept = options.Value.ResolvedKept;
    private readonly TimeSpan _writeInterval = options.Value.WriteInterval;
    private IGrainTimer? _noDataSweep;
    private IGrainTimer? _pendingWrite;

    private AlertState State => state.State;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ArmNoDataSweep();

        // Alerts of rules removed from configuration would otherwise stay raised for ever.
        var orphans = State.Active.Values.Where(a => !rules.Contains(a.Rule)).ToList();
        if (orphans.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcTicks;
        foreach (var alert in orphans)
        {
            Resolve(alert, alert.Value, "Resolved: the rule was removed from configuration.", now);
        }

        await state.WriteStateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task Apply(IReadOnlyList<AlertChange> changes)
    {
        var changed = false;
        foreach (var change in changes)
        {
            changed |= change.Kind == AlertChangeKind.Holds ? Hold(change) : Clear(change);
        }

        if (changed)
        {
            ArmNoDataSweep();
            await WriteBehindAsync();
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_pendingWrite is not null)
        {
            await WriteNowAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertSnapshot>> List(bool activeOnly)
    {
        IEnumerable<AlertSnapshot> alerts = State.Active.Values;
        if (!activeOnly)
        {
            alerts = alerts.Concat(State.Resolved);
        }

        return Task.FromResult<IReadOnlyList<AlertSnapshot>>([.. alerts
            .OrderByDescending(a => a.RaisedAtTicks)
            .ThenBy(a => a.Status)
            .ThenBy(a => a.AlertId, StringComparer.Ordinal)]);
    }

    /// <inheritdoc />
    public async Task Forget(string subject)
    {
        var removed = State.Active.Values.Where(a => a.Subject == subject).Select(a => a.AlertId).ToList();
        foreach (var id in removed)
        {
            State.Active.Remove(id);
        }

        var resolved = State.Resolved.RemoveAll(a => a.Subject == subject);
        if (removed.Count + resolved > 0)
        {
            // An erasure is written at once, with whatever else was waiting.
            ArmNoDataSweep();
            await WriteNowAsync();
            LogForgotten(removed.Count + resolved);
        }
    }

    // The first change after a write arms a one-shot timer; the changes until it fires share its write.
    private Task WriteBehindAsync()
    {
        if (_writeInterval <= TimeSpan.Zero)
        {
            return state.WriteStateAsync();
        }

        _pendingWrite ??= this.RegisterGrainTimer(ct => WriteNowAsync(ct), new GrainTimerCreationOptions(_writeInterval, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    // A failed write stays pending: the timer is re-armed, and deactivation tries again.
    private async Task WriteNowAsync(CancellationToken cancellationToken = default)
    {
        _pendingWrite?.Dispose();
        _pendingWrite = null;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception) when (_writeInterval > TimeSpan.Zero)
        {
            _ = WriteBehindAsync();
            throw;
        }
    }

    // The sweep runs only while it has something to watch; KeepAlive keeps the grain (and so the sweep) active meanwhile.
    private void ArmNoDataSweep()
    {
        if (rules.NoDataSweepInterval is not { } interval || !State.Active.Values.Any(IsMetricAlert))
        {
            _noDataSweep?.Dispose();
            _noDataSweep = null;
            return;
        }

        _noDataSweep ??= this.RegisterGrainTimer(SweepNoDataAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
    }

    // Touchpoint and segment alerts; customer alerts follow the health band and have no timeout.
    private bool IsMetricAlert(AlertSnapshot alert) => rules.FindMetricRule(alert.Rule) is not null;

    private async Task SweepNoDataAsync(CancellationToken cancellationToken)
    {
        var subjects = State.Active.Values.Where(IsMetricAlert).Select(a => a.Subject).Distinct(StringComparer.Ordinal);
        var rechecks = new List<Task>();
        foreach (var subject in subjects)
        {
            IAggregateGrain? aggregate = AlertSubjects.TryParse(subject, out var kind, out var id)
                ? kind == AggregateKind.Touchpoint ? GrainFactory.GetGrain<ITouchpointGrain>(id) : GrainFactory.GetGrain<ISegmentGrain>(id)
                : null;
            if (aggregate is not null)
            {
                rechecks.Add(aggregate.RecheckAlerts());
            }
        }

        try
        {
            // The changes come back through the alert reporter, as from a merge.
            await Task.WhenAll(rechecks);
        }
        catch (Exception e)
        {
            LogSweepFailed(e);
        }
    }

    private bool Hold(AlertChange change)
    {
        if (State.Active.TryGetValue(change.AlertId, out var current))
        {
            if (current.Value == change.Value && current.Message == change.Message)
            {
                return false;
            }

            // The evaluator rate-limits updates; a re-raise after its reactivation lands here too and keeps the alert's raise time.
            var updated = current with { Value = change.Value, Message = change.Message, UpdatedAtTicks = Math.Max(current.UpdatedAtTicks, change.AtTicks) };
            State.Active[change.AlertId] = updated;
            live.PublishAlert(updated);
            return true;
        }

        var raised = new AlertSnapshot
        {
            AlertId = change.AlertId,
            Rule = change.Rule,
            Subject = change.Subject,
            Status = AlertStatus.Raised,
            Value = change.Value,
            Threshold = change.Threshold,
            Message = change.Message,
            RaisedAtTicks = change.AtTicks,
            UpdatedAtTicks = change.AtTicks,
        };
        State.Active[change.AlertId] = raised;
        live.PublishAlert(raised);
        webhooks.Enqueue(raised);
        var logId = LogId(raised); // alerts are rare: no need to skip this when logging is off
        LogRaised(logId);
        return true;
    }

    private bool Clear(AlertChange change)
    {
        if (!State.Active.TryGetValue(change.AlertId, out var current))
        {
            return false; // already resolved (a resend), or never raised
        }

        Resolve(current, change.Value, change.Message, change.AtTicks);
        return true;
    }

    private void Resolve(AlertSnapshot current, double value, string message, long atTicks)
    {
        var at = Math.Max(atTicks, current.UpdatedAtTicks);
        var resolved = current with
        {
            Status = AlertStatus.Resolved,
            Value = value,
            Message = message,
            UpdatedAtTicks = at,
            ResolvedAtTicks = at,
        };
        State.Active.Remove(current.AlertId);
        State.Resolved.Insert(0, resolved);
        if (State.Resolved.Count > _resolvedKept)
        {
            State.Resolved.RemoveRange(_resolvedKept, State.Resolved.Count - _resolvedKept);
        }

        live.PublishAlert(resolved);
        webhooks.Enqueue(resolved);
        var logId = LogId(resolved); // alerts are rare: no need to skip this when logging is off
        LogResolved(logId);
    }

    // Customer ids stay out of logs; touchpoint and segment ids are not personal.
    private static string LogId(AlertSnapshot alert) =>
        alert.Subject.StartsWith("customer/", StringComparison.Ordinal) ? $"{alert.Rule}:customer/*" : alert.AlertId;

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} raised")]
    private partial void LogRaised(string alertId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} resolved")]
    private partial void LogResolved(string alertId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-checking raised alerts for lack of data failed; the next sweep tries again")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} alerts of an erased subject")]
    private partial void LogForgotten(int count);
}
