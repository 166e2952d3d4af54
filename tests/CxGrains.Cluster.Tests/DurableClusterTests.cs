using System.Globalization;
using Xunit.Abstractions;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// Durable ack mode: 3 silos + 1 front end. Phase 1 streams through all four and SIGKILLs silo-1 mid-stream;
/// phase 2 streams through the survivors and stops silo-2 gracefully mid-stream. After each phase every acked
/// event must be counted exactly once, per customer and per touchpoint.
/// </summary>
public sealed class DurableScenario : ClusterScenario
{
    protected override string AckMode => "Durable";

    internal CountCheck CustomersAfterKill { get; private set; } = null!;

    internal CountCheck TouchpointsAfterKill { get; private set; } = null!;

    internal CountCheck CustomersAfterStop { get; private set; } = null!;

    internal CountCheck TouchpointsDuringStop { get; private set; } = null!;

    internal bool StoppedSiloLeft { get; private set; }

    /// <summary>How long after the graceful-stop phase's last ack the touchpoints were exact; null if never.</summary>
    internal TimeSpan? TouchpointsExactAfterStop { get; private set; }

    internal bool StoppedSiloDrained { get; private set; }

    internal bool KillNoticed { get; private set; }

    protected override async Task RunAsync()
    {
        var baseline = await SettledTouchpointsAsync(WarmUp.AckedByTouchpoint);
        Note($"  {new CountCheck("touchpoints after warm-up", WarmUp.AckedByTouchpoint, baseline)}");

        Task<TimeSpan?> declaredDead = Task.FromResult<TimeSpan?>(null);
        var kill = await LoadPhase.RunAsync(Cluster, LiveTargets(), events: 6_000, seed: 11,
            KillFault(Cluster.Silos[0], t => declaredDead = t));
        var deadAfter = await declaredDead;
        KillNoticed = deadAfter is not null;
        Note($"phase 1 (SIGKILL): {kill}; declared dead after {deadAfter?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "never"} s");

        var afterKill = CountCheck.Sum(WarmUp.AckedByCustomer, kill.AckedByCustomer);
        CustomersAfterKill = new CountCheck("customers after SIGKILL", afterKill, await Reader.CustomerCountsAsync(afterKill.Keys));
        var touchpointsAfterKill = await SettledTouchpointsAsync(CountCheck.Sum(baseline, kill.AckedByTouchpoint));
        TouchpointsAfterKill = new CountCheck("touchpoints added in phase 1 (SIGKILL)", kill.AckedByTouchpoint,
            CountCheck.Difference(touchpointsAfterKill, baseline));
        Note($"  {CustomersAfterKill}");
        Note($"  {TouchpointsAfterKill}");

        const string drained = "Ingest drained: every batch taken was acked";
        Cluster.Silos[1].Watch(drained);
        var stop = await LoadPhase.RunAsync(Cluster, LiveTargets(), events: 4_000, seed: 12,
            StopFault(Cluster.Silos[1], _ => { }));
        StoppedSiloLeft = await LeftMembershipAsync(Cluster.Silos[1]);
        StoppedSiloDrained = Cluster.Silos[1].Wrote(drained);
        Note($"phase 2 (graceful stop): {stop}; left the membership: {StoppedSiloLeft}");

        var afterStop = CountCheck.Sum(afterKill, stop.AckedByCustomer);
        CustomersAfterStop = new CountCheck("customers after graceful stop (all phases)", afterStop, await Reader.CustomerCountsAsync(afterStop.Keys));

        // Phase 1's touchpoint totals are the baseline: phase 2 must add exactly what it acked.
        var (touchpointsAfterStop, exactAfter) = await SettleTouchpointsAsync(CountCheck.Sum(touchpointsAfterKill, stop.AckedByTouchpoint));
        TouchpointsExactAfterStop = exactAfter;
        Note($"  touchpoints exact {(exactAfter is { } after ? $"{after.TotalMilliseconds:F0} ms after the last ack" : "never")}");
        TouchpointsDuringStop = new CountCheck("touchpoints added in phase 2 (graceful stop)", stop.AckedByTouchpoint,
            CountCheck.Difference(touchpointsAfterStop, touchpointsAfterKill));
        Note($"  {CustomersAfterStop}");
        Note($"  {TouchpointsDuringStop}");
    }
}

[Collection(ClusterCollection.Name)]
public sealed class DurableClusterTests(DurableScenario scenario, ITestOutputHelper output) : IClassFixture<DurableScenario>
{
    [Fact]
    public void After_a_graceful_stop_touchpoints_are_exact_within_two_seconds_of_the_last_ack()
    {
        output.WriteLine(scenario.Report);

        // A stopping silo delivers its journal commits to their touchpoints before it leaves: exact within a flush or two.
        Assert.True(scenario.TouchpointsExactAfterStop is { } after && after <= TimeSpan.FromSeconds(2),
            $"touchpoints exact after {scenario.TouchpointsExactAfterStop?.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) ?? "never"} ms{Environment.NewLine}{scenario.Report}");
    }

    [Fact]
    public void Sigkill_of_a_silo_loses_no_acked_event_and_counts_none_twice_per_customer()
    {
        output.WriteLine(scenario.Report);
        Assert.True(scenario.KillNoticed, "the killed silo was never declared dead in the membership table");
        Assert.True(scenario.CustomersAfterKill.Exact, $"{scenario.CustomersAfterKill}{Environment.NewLine}{scenario.Logs}");
    }

    [Fact]
    public void Sigkill_of_a_silo_loses_no_acked_event_and_counts_none_twice_per_touchpoint()
    {
        output.WriteLine(scenario.Report);
        Assert.True(scenario.TouchpointsAfterKill.Exact, $"{scenario.TouchpointsAfterKill}{Environment.NewLine}{scenario.Logs}");
    }

    [Fact]
    public void Graceful_stop_of_a_silo_loses_no_acked_event_and_counts_none_twice_per_customer()
    {
        output.WriteLine(scenario.Report);
        Assert.True(scenario.CustomersAfterStop.Exact, $"{scenario.CustomersAfterStop}{Environment.NewLine}{scenario.Logs}");
    }

    [Fact]
    public void Graceful_stop_of_a_silo_loses_no_acked_event_and_counts_none_twice_per_touchpoint()
    {
        output.WriteLine(scenario.Report);
        Assert.True(scenario.TouchpointsDuringStop.Exact, $"{scenario.TouchpointsDuringStop}{Environment.NewLine}{scenario.Logs}");
    }

    [Fact]
    public void A_gracefully_stopped_silo_drains_ingest_and_leaves_the_membership()
    {
        Assert.True(scenario.StoppedSiloDrained, $"the stopped silo never logged a completed drain{Environment.NewLine}{scenario.Logs}");
        Assert.True(scenario.StoppedSiloLeft, scenario.Report);
    }
}
