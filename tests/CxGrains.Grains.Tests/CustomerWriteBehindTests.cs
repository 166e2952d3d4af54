using System.Diagnostics.Metrics;
using CxGrains.Grains.Customers;
using CxGrains.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxGrains.Grains.Tests;

/// <summary>
/// The silo's write-behind clock with a bound on writes in flight: due customers beyond it wait,
/// start as writes end, and every one is written once.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class CustomerWriteBehindTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Writes_beyond_the_limit_wait_for_a_slot_and_each_customer_is_written_once()
    {
        await using var clock = await RunningClock.StartAsync(maxInFlight: 3);
        var writers = Enumerable.Range(0, 12).Select(_ => new GatedWriter(clock.Writing)).ToList();
        writers.ForEach(clock.WriteBehind.Enlist);

        await Until(() => clock.Writing.Started == 3);

        // Several ticks later the limit still holds: nobody else started while the three are writing.
        await Task.Delay(300);
        Assert.Equal(3, clock.Writing.Started);

        // One write ends: the next waiting customer starts without waiting for a tick.
        writers.First(w => w.Called).Release();
        await Until(() => clock.Writing.Started == 4);

        foreach (var writer in writers)
        {
            writer.Release();
        }

        await Until(() => writers.All(w => w.Written));
        Assert.All(writers, w => Assert.Equal(1, w.Calls));
        Assert.Equal(3, clock.Writing.MostAtOnce);
    }

    [Fact]
    public async Task A_customer_that_is_deactivating_takes_no_slot()
    {
        await using var clock = await RunningClock.StartAsync(maxInFlight: 1);
        var leaving = new GatedWriter(clock.Writing) { Wants = false };
        var staying = new GatedWriter(clock.Writing);
        staying.Release();
        clock.WriteBehind.Enlist(leaving);
        clock.WriteBehind.Enlist(staying);

        await Until(() => staying.Written);
        Assert.Equal(0, leaving.Calls);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The write-behind clock did not get there in time.");
            await Task.Delay(10);
        }
    }

    /// <summary>Counts writes in progress across writers.</summary>
    private sealed class WriteCounter
    {
        private int _current;
        private int _started;
        private int _most;

        public int Started => Volatile.Read(ref _started);

        public int MostAtOnce => Volatile.Read(ref _most);

        public void Begin()
        {
            Interlocked.Increment(ref _started);
            var now = Interlocked.Increment(ref _current);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }
        }

        public void End() => Interlocked.Decrement(ref _current);
    }

    /// <summary>A customer whose write lasts until the test releases it.</summary>
    private sealed class GatedWriter(WriteCounter counter) : CustomerWriteBehind.IWriter
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;
        private volatile bool _written;

        public bool Wants { get; init; } = true;

        public int Calls => Volatile.Read(ref _calls);

        public bool Called => Calls > 0;

        public bool Written => _written;

        public bool WantsWriteBehind => Wants;

        public void Release() => _gate.TrySetResult();

        public async Task WriteBehindDueAsync()
        {
            Interlocked.Increment(ref _calls);
            counter.Begin();
            await _gate.Task;
            counter.End();
            _written = true;
        }
    }

    /// <summary>A started clock with a short interval; stopped on dispose.</summary>
    private sealed class RunningClock : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly TestLifecycle _lifecycle;

        private RunningClock(ServiceProvider services, CustomerWriteBehind writeBehind, TestLifecycle lifecycle)
        {
            _services = services;
            WriteBehind = writeBehind;
            _lifecycle = lifecycle;
        }

        public CustomerWriteBehind WriteBehind { get; }

        public WriteCounter Writing { get; } = new();

        public static async Task<RunningClock> StartAsync(int maxInFlight)
        {
            var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            var options = Microsoft.Extensions.Options.Options.Create(new DurabilityOptions
            {
                WriteBehindInterval = TimeSpan.FromMilliseconds(50),
                WriteBehindMaxInFlight = maxInFlight,
            });
            var metrics = new GrainMetrics(services.GetRequiredService<IMeterFactory>());
            var writeBehind = new CustomerWriteBehind(options, TimeProvider.System, metrics, NullLogger<CustomerWriteBehind>.Instance);
            var lifecycle = new TestLifecycle();
            writeBehind.Participate(lifecycle);
            await lifecycle.StartAsync();
            return new RunningClock(services, writeBehind, lifecycle);
        }

        public async ValueTask DisposeAsync()
        {
            await _lifecycle.StopAsync();
            WriteBehind.Dispose();
            await _services.DisposeAsync();
        }
    }

    /// <summary>The part of a silo's lifecycle the clock uses: its start and stop.</summary>
    private sealed class TestLifecycle : ISiloLifecycle
    {
        private readonly List<ILifecycleObserver> _observers = [];

        public int HighestCompletedStage { get; private set; }

        public int LowestStoppedStage { get; private set; }

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            _observers.Add(observer);
            return new Unsubscriber();
        }

        public async Task StartAsync()
        {
            foreach (var observer in _observers)
            {
                await observer.OnStart(CancellationToken.None);
            }
        }

        public async Task StopAsync()
        {
            foreach (var observer in _observers)
            {
                await observer.OnStop(CancellationToken.None);
            }
        }

        private sealed class Unsubscriber : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
