using Xunit.Abstractions;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// Applied ack mode (acked once applied in memory, written behind): 3 silos + 1 front end. Phase 1 stops silo-1
/// gracefully mid-stream: nothing acked may be lost, even though acks came before writes. Phase 2 SIGKILLs silo-2
/// mid-stream: what that loses is measured (at most the write-behind interval's worth), and nothing may count twice.
/// </summary>
public sealed class AppliedScenario : ClusterScenario
{
    protected override string AckMode => "Applied";

    internal CountCheck CustomersAfterStop { get; private set; } = null!;

    internal CountCheck TouchpointsAfterStop { get; private set; } = null!;

    internal CountCheck CustomersAfterKill { get; private set; } = null!;

    internal bool StoppedSiloLeft { get; private set; }

    /// <summary>How long after the graceful-stop phase's last ack the touchpoints were exact; null if never.</summary>
    internal TimeSpan? TouchpointsExactAfterStop { get; private set; }

    /// <summary>How long a wallboard on the front end waited for a silo's push; null if it never came.</summary>
    internal TimeSpan? FrontEndPush { get; private set; }

    protected override async Task RunAsync()
    {
        FrontEndPush = await FrontEndHubProbe.MeasureAsync(Cluster, Cluster.Silos[2], TimeSpan.FromSeconds(15));
        Note($"front-end hub: update {(FrontEndPush is { } push ? $"after {push.TotalMilliseconds:F0} ms" : "never arrived")}");

        var baseline = await SettledTouchpointsAsync(WarmUp.AckedByTouchpoint);
        Note($"  {new CountCheck("touchpoints after warm-up", WarmUp.AckedByTouchpoint, baseline)}");

        var stop = await LoadPhase.RunAsync(Cluster, LiveTargets(), events: 6_000, seed: 21,
            StopFault(Cluster.Silos[0], _ => { }));
        StoppedSiloLeft = await LeftMembershipAsync(Cluster.Silos[0]);
        Note($"phase 1 (graceful stop): {stop}; left the membership: {StoppedSiloLeft}");
        var afterStop = CountCheck.Sum(WarmUp.AckedByCustomer, stop.AckedByCustomer);
        CustomersAfterStop = new CountCheck("customers after graceful stop", afterStop, await Reader.CustomerCountsAsync(afterStop.Keys));
        var (touchpointsAfterStop, exactAfter) = await SettleTouchpointsAsync(CountCheck.Sum(baseline, stop.AckedByTouchpoint));
        TouchpointsExactAfterStop = exactAfter;
        Note($"  touchpoints exact {(exactAfter is { } after ? $"{after.TotalMilliseconds:F0} ms after the last ack" : "never")}");
        TouchpointsAfterStop = new CountCheck("touchpoints added in phase 1 (graceful stop)", stop.AckedByTouchpoint,
            CountCheck.Difference(touchpointsAfterStop, baseline));
        Note($"  {CustomersAfterStop}");
        Note($"  {TouchpointsAfterStop}");

        Task<TimeSpan?> declaredDead = Task.FromResult<TimeSpan?>(null);
        var kill = await LoadPhase.RunAsync(Cluster, LiveTargets(), events: 4_000, seed: 22,
            KillFault(Cluster.Silos[1], t => declaredDead = t));
        var deadAfter = await declaredDead;
        Note($"phase 2 (SIGKILL): {kill}; declared dead after {deadAfter?.TotalSeconds:F1} s");
        var afterKill = CountCheck.Sum(afterStop, kill.AckedByCustomer);
        CustomersAfterKill = new CountCheck("customers after SIGKILL (all phases)", afterKill, await Reader.CustomerCountsAsync(afterKill.Keys));
        var touchpointsAfterKill = await SettledTouchpointsAsync(CountCheck.Sum(touchpointsAfterStop, kill.AckedByTouchpoint));
        Note($"  {CustomersAfterKill}");
        Note($"  {new CountCheck("touchpoints added in phase 2 (SIGKILL)", kill.AckedByTouchpoint, CountCheck.Difference(touchpointsAfterKill, touchpointsAfterStop))}");
    }
}

[Collection(ClusterCollection.Name)]
public sealed class AppliedClusterTests(AppliedScenario scenario, ITestOutputHelper output) : IClassFixture<AppliedScenario>
{
    [Fact]
    public void Graceful_stop_in_applied_mode_loses_no_acked_event_per_customer()
    {
        output.WriteLine(scenario.Report);
        Assert.True(scenario.CustomersAfterStop.Exact, $"{scenario.CustomersAfterStop}{Environment.NewLine}{scenario.Logs}");
    }

    [Fact]
    public void Graceful_stop_in_applied_mode_loses_no_acked_event_per_touchpoint()
    {
        output.WriteLine(scenario.Report);
        Assert.True(scenario.TouchpointsAfterStop.Exact, $"{scenario.TouchpointsAfterStop}{Environment.NewLine}{scenario.Logs}");
    }

    [Fact]
    public void After_a_graceful_stop_touchpoints_are_exact_within_two_seconds_of_the_last_ack()
    {
        output.WriteLine(scenario.Report);

        // Not a benchmark: 2 s is the product's promise to a wallboard (one accumulator flush plus one
        // follow-up read of a replaced activation is well under it), and a miss means a visible drop.
        Assert.True(scenario.TouchpointsExactAfterStop is { } after && after <= TimeSpan.FromSeconds(2),
            $"touchpoints exact after {scenario.TouchpointsExactAfterStop?.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) ?? "never"} ms{Environment.NewLine}{scenario.Report}");
    }

    [Fact]
    public void A_wallboard_on_the_front_end_gets_pushes_from_the_silos()
    {
        output.WriteLine(scenario.Report);
        Assert.True(scenario.FrontEndPush is not null, $"no update reached the front end's hub{Environment.NewLine}{scenario.Logs}");
    }

    [Fact]
    public void A_front_end_serves_its_first_calls_after_ready_without_timeouts()
    {
        var first = scenario.Cluster.FrontEndFirstCalls;
        output.WriteLine(first.ToString());
        Assert.True(first.Failed == 0, $"{first}{Environment.NewLine}{scenario.Logs}");
    }

    [Fact]
    public void A_gracefully_stopped_silo_leaves_the_membership()
    {
        Assert.True(scenario.StoppedSiloLeft, scenario.Report);
    }

    [Fact]
    public void Sigkill_in_applied_mode_may_lose_recent_events_but_never_counts_one_twice()
    {
        output.WriteLine(scenario.Report);
        Assert.True(scenario.CustomersAfterKill.Extra == 0, $"{scenario.CustomersAfterKill}{Environment.NewLine}{scenario.Logs}");
    }
}
