using System.Globalization;
using System.Text;
using CxGrains.Contracts.V1;

namespace CxGrains.Admin;

/// <summary>How cx-admin prints a recompute run: the start, a progress line per status read, the status.</summary>
public static class RecomputeReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The run StartRecompute answered with.</summary>
    public static string Started(StartRecomputeResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var run = response.Run;
        return response.AlreadyRunning
            ? string.Create(C, $"recompute {run.RecomputeId} was already running (from {Time(run.From)}, started {Time(run.StartedAt)}); this --from was not used")
            : string.Create(C, $"recompute {run.RecomputeId} started (from {Time(run.From)})");
    }

    /// <summary>One line: how long the tool has waited, the phase, customers, entries and the replay rate.</summary>
    public static string Progress(RecomputeRun run, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(run);
        return string.Create(
            C,
            $"[{waited.TotalSeconds,5:F0}s] {run.Phase,-22} customers {run.CustomersDone:N0}/{run.CustomersTotal:N0}  " +
            $"entries {run.EntriesReplayed:N0}  {run.ReplayRate:N0} entries/s");
    }

    /// <summary>A run's state and every count, a few aligned lines.</summary>
    public static string Status(RecomputeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.AppendLine(C, $"recompute {run.RecomputeId} {State(run.State)} (from {Time(run.From)})");
        text.AppendLine(C, $"  phase      {run.Phase}");
        text.AppendLine(C, $"  customers  {run.CustomersDone:N0} replayed of {run.CustomersTotal:N0}, {run.CustomersRebuilt:N0} rebuilt");
        text.AppendLine(C, $"  entries    {run.EntriesReplayed:N0} replayed, {run.ReplayRate:N0} entries/s");
        if (run.State == RecomputeState.RecomputeSucceeded)
        {
            text.AppendLine(C, $"  windows    {run.AggregatesRebuilt:N0} touchpoints and segments rebuilt");
        }

        var took = run.FinishedAt is { } finished ? $", took {(finished.ToDateTimeOffset() - run.StartedAt.ToDateTimeOffset()).TotalSeconds:F1} s" : "";
        text.AppendLine(C, $"  started    {Time(run.StartedAt)}{took}");
        if (run.Error.Length > 0)
        {
            text.AppendLine(C, $"  error      {run.Error}");
        }

        return text.ToString();
    }

    private static string State(RecomputeState state) => state switch
    {
        RecomputeState.RecomputeRunning => "RUNNING",
        RecomputeState.RecomputeSucceeded => "SUCCEEDED",
        RecomputeState.RecomputeFailed => "FAILED",
        _ => state.ToString(),
    };

    private static string Time(Google.Protobuf.WellKnownTypes.Timestamp? time) =>
        time is null ? "?" : time.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", C);
}
