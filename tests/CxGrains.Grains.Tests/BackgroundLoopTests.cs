using System.Threading.Channels;
using CxGrains.Grains.Background;
using Microsoft.Extensions.Time.Testing;

namespace CxGrains.Grains.Tests;

/// <summary>The background-loop base on a fake clock: periods, failures, retries, the stop and its final pass.</summary>
[Trait("Tier", "Fast")]
public sealed class BackgroundLoopTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Runs_one_pass_per_period()
    {
        var time = new FakeTimeProvider();
        using var loop = new RecordingLoop(time, Period);
        await loop.StartAsync(CancellationToken.None);

        time.Advance(Period);
        Assert.Equal("pass 1", await loop.NextAsync());
        time.Advance(Period);
        Assert.Equal("pass 2", await loop.NextAsync());
        Assert.Equal(2 * Period, time.GetUtcNow() - loop.StartedAt);

        await loop.StopAsync(CancellationToken.None);
        Assert.Equal("final", await loop.NextAsync());
    }

    [Fact]
    public async Task A_failing_pass_is_logged_and_the_loop_goes_on()
    {
        var time = new FakeTimeProvider();
        using var loop = new RecordingLoop(time, Period) { FailingPasses = [1] };
        await loop.StartAsync(CancellationToken.None);

        time.Advance(Period);
        Assert.Equal("pass 1", await loop.NextAsync());
        Assert.Equal("failed: pass 1 failed", await loop.NextAsync());
        time.Advance(Period);
        Assert.Equal("pass 2", await loop.NextAsync());

        await loop.StopAsync(CancellationToken.None);
        Assert.Equal("final", await loop.NextAsync());
    }

    [Fact]
    public async Task A_failed_pass_is_retried_with_a_doubling_backoff_before_the_next_period()
    {
        var time = new TimerWatchingTimeProvider();
        var retry = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
        using var loop = new RecordingLoop(time, TimeSpan.FromHours(1), retry) { FailingPasses = [1, 2, 3, 4] };
        await loop.StartAsync(CancellationToken.None);
        Assert.Equal(TimeSpan.FromHours(1), await time.NextTimerAsync()); // the period's

        time.Advance(TimeSpan.FromHours(1));
        List<TimeSpan> waits = [];
        for (var pass = 1; pass <= 4; pass++)
        {
            Assert.Equal($"pass {pass}", await loop.NextAsync());
            Assert.Equal($"failed: pass {pass} failed", await loop.NextAsync());
            var wait = await time.NextTimerAsync();
            waits.Add(wait);
            time.Advance(wait);
        }

        // Retried after 1, 2, 4 and 4 s (the maximum) — not at the next period an hour later.
        Assert.Equal([1, 2, 4, 4], waits.Select(w => w.TotalSeconds));
        Assert.Equal("pass 5", await loop.NextAsync());

        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_waits_for_the_pass_in_flight_then_runs_the_final_pass_once()
    {
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new RecordingLoop(time, Period) { Blocking = release.Task };
        await loop.StartAsync(CancellationToken.None);

        time.Advance(Period);
        Assert.Equal("pass 1", await loop.NextAsync());
        var stop = loop.StopAsync(CancellationToken.None);
        await Task.Delay(100); // room for a wrong stop to finish early
        Assert.False(stop.IsCompleted);

        release.SetResult();
        Assert.Equal("pass 1 done", await loop.NextAsync());
        Assert.Equal("final", await loop.NextAsync());
        await stop;

        await loop.StopAsync(CancellationToken.None);
        Assert.Equal(1, loop.FinalPasses);
    }

    [Fact]
    public async Task Stop_cancels_a_pass_that_watches_the_token_without_logging_a_failure()
    {
        var time = new FakeTimeProvider();
        using var loop = new RecordingLoop(time, Period) { Blocking = Task.Delay(Timeout.Infinite, CancellationToken.None), ObservesCancellation = true };
        await loop.StartAsync(CancellationToken.None);

        time.Advance(Period);
        Assert.Equal("pass 1", await loop.NextAsync());
        await loop.StopAsync(CancellationToken.None);

        Assert.Equal("final", await loop.NextAsync());
        Assert.Empty(loop.Failures);
    }

    [Fact]
    public async Task Stop_before_start_is_harmless_and_runs_no_final_pass()
    {
        var time = new TimerWatchingTimeProvider();
        using var loop = new RecordingLoop(time, Period);

        await loop.StopAsync(CancellationToken.None);
        await loop.StartAsync(CancellationToken.None); // a stopped loop does not start

        Assert.Equal(0, time.TimersCreated); // a started loop makes its period's timer before StartAsync returns
        Assert.Equal(0, loop.FinalPasses);
        Assert.Null(loop.Last);
    }

    [Fact]
    public async Task A_first_pass_on_start_is_awaited_by_the_start()
    {
        var time = new FakeTimeProvider();
        using var loop = new RecordingLoop(time, Period) { PassOnStart = true };

        await loop.StartAsync(CancellationToken.None);

        Assert.Equal("pass 1", loop.Last);
        Assert.Equal(TimeSpan.Zero, time.GetUtcNow() - loop.StartedAt);
        await loop.StopAsync(CancellationToken.None);
    }

    // Tells which timers the loop creates: a retry's backoff is a timer, made after the failure is logged.
    private sealed class TimerWatchingTimeProvider : FakeTimeProvider
    {
        private readonly Channel<TimeSpan> _dueTimes = Channel.CreateUnbounded<TimeSpan>();

        public int TimersCreated => _dueTimes.Reader.Count;

        public Task<TimeSpan> NextTimerAsync() => _dueTimes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _dueTimes.Writer.TryWrite(period == Timeout.InfiniteTimeSpan ? dueTime : period);
            return timer;
        }
    }

    private sealed class RecordingLoop(FakeTimeProvider time, TimeSpan period, RetryBackoff? retry = null) : BackgroundLoop(time, period)
    {
        private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
        private int _passes;

        public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

        public HashSet<int> FailingPasses { get; init; } = [];

        public Task? Blocking { get; init; }

        public bool ObservesCancellation { get; init; }

        public bool PassOnStart { get; init; }

        public List<Exception> Failures { get; } = [];

        public int FinalPasses { get; private set; }

        public string? Last { get; private set; }

        protected override RetryBackoff? Retry => retry;

        protected override bool FirstPassOnStart => PassOnStart;

        public async Task<string> NextAsync() => await _events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        protected override async Task RunOnceAsync(CancellationToken stopping)
        {
            var pass = ++_passes;
            Record($"pass {pass}");
            if (Blocking is { } blocking)
            {
                await (ObservesCancellation ? blocking.WaitAsync(stopping) : blocking);
                Record($"pass {pass} done");
            }

            if (FailingPasses.Contains(pass))
            {
                throw new InvalidOperationException($"pass {pass} failed");
            }
        }

        protected override void LogPassFailed(Exception exception)
        {
            Failures.Add(exception);
            _events.Writer.TryWrite($"failed: {exception.Message}");
        }

        protected override Task OnStoppingAsync(CancellationToken cancellationToken)
        {
            FinalPasses++;
            Record("final");
            return Task.CompletedTask;
        }

        private void Record(string what)
        {
            Last = what;
            _events.Writer.TryWrite(what);
        }
    }
}
