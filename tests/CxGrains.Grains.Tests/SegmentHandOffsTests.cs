using System.Collections.Concurrent;
using System.Reflection;
using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxGrains.Grains.Tests;

/// <summary>
/// How <see cref="SegmentHandOffs"/> groups hand-offs into calls, with segments whose calls return only when the
/// test lets them: in a cluster, how many hand-offs share a call depends on how deactivations overlap.
/// </summary>
public sealed class SegmentHandOffsTests
{
    private const int CustomersPerSegment = 2_500;

    [Fact]
    public async Task Hand_offs_arriving_while_a_segment_call_is_out_share_the_next_calls_of_at_most_a_thousand()
    {
        var segments = new HeldSegments();
        var handOffs = new SegmentHandOffs(segments.Factory, silos: null, NullLogger.Instance);
        string[] keys = ["all", "region=EU"];

        var taken = new List<Task<bool>>();
        for (var i = 0; i < CustomersPerSegment; i++)
        {
            foreach (var key in keys)
            {
                taken.Add(handOffs.Add(key, new BandReport { CustomerId = $"c-{i}", From = HealthBand.Healthy }, atRisk: null, removeAtRisk: false));
            }
        }

        // One call per segment is out and held; every other hand-off waits for the next.
        await segments.WaitForCallsAsync(keys.Length);
        Assert.DoesNotContain(taken, t => t.IsCompleted);
        Assert.Equal(keys.Length, segments.Calls.Count);

        segments.Release();
        Assert.All(await Task.WhenAll(taken), Assert.True);

        foreach (var key in keys)
        {
            var calls = segments.Calls.Where(c => c.Segment == key).ToList();
            Assert.Equal(CustomersPerSegment, calls.Sum(c => c.Customers));
            Assert.All(calls, c => Assert.InRange(c.Customers, 1, SegmentHandOffs.MaxCustomersPerCall));

            // The first call took what had arrived before it left; the rest went in full calls and one remainder.
            Assert.InRange(calls.Count, 3, 4);
            Assert.Equal(
                calls.Select(c => c.Customers).Skip(1).ToArray(),
                FullCallsAndRemainder(CustomersPerSegment - calls[0].Customers));
        }

        Assert.Equal(1, segments.MostCallsOutToOneSegment);
        Assert.Equal(segments.Calls.Count, handOffs.Calls);
        Assert.Equal(keys.Length * CustomersPerSegment, handOffs.Customers);
    }

    [Fact]
    public async Task A_failed_call_answers_false_to_its_customers_and_the_next_call_still_goes()
    {
        var segments = new HeldSegments { FailFirstCall = true };
        var handOffs = new SegmentHandOffs(segments.Factory, silos: null, NullLogger.Instance);

        var first = handOffs.Add("all", new BandReport { CustomerId = "c-1", From = HealthBand.Healthy }, atRisk: null, removeAtRisk: false);
        await segments.WaitForCallsAsync(1);
        var second = handOffs.Add("all", new BandReport { CustomerId = "c-2", From = HealthBand.Healthy }, atRisk: null, removeAtRisk: false);
        segments.Release();

        Assert.False(await first);
        Assert.True(await second);
        Assert.Equal([1, 1], segments.Calls.Select(c => c.Customers));
    }

    private static int[] FullCallsAndRemainder(int customers) =>
        [.. Enumerable.Repeat(SegmentHandOffs.MaxCustomersPerCall, customers / SegmentHandOffs.MaxCustomersPerCall),
            .. customers % SegmentHandOffs.MaxCustomersPerCall == 0 ? Array.Empty<int>() : [customers % SegmentHandOffs.MaxCustomersPerCall]];

    /// <summary>Segments whose <see cref="ISegmentGrain.HandOff"/> returns once released; every other call is refused.</summary>
    private sealed class HeldSegments
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private readonly Dictionary<string, int> _out = [];
        private int _mostOut;

        public HeldSegments() => Factory = ProxyOf<IGrainFactory>(FactoryCall);

        public IGrainFactory Factory { get; }

        public bool FailFirstCall { get; init; }

        public ConcurrentQueue<(string Segment, int Customers)> Calls { get; } = new();

        public int MostCallsOutToOneSegment
        {
            get
            {
                lock (_gate)
                {
                    return _mostOut;
                }
            }
        }

        public void Release() => _released.TrySetResult();

        public async Task WaitForCallsAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Calls.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{Calls.Count} of {count} calls sent");
                await Task.Delay(10);
            }
        }

        private object? FactoryCall(MethodInfo method, object?[] args) =>
            method.Name == nameof(IGrainFactory.GetGrain) && method.IsGenericMethod && method.GetGenericArguments()[0] == typeof(ISegmentGrain) && args[0] is string key
                ? ProxyOf<ISegmentGrain>((m, a) => m.Name == nameof(ISegmentGrain.HandOff)
                    ? HandOffAsync(key, (AggregateDelta)a[0]!)
                    : throw new NotSupportedException(m.Name))
                : throw new NotSupportedException(method.Name);

        private async Task HandOffAsync(string segment, AggregateDelta delta)
        {
            var first = Calls.IsEmpty;
            lock (_gate)
            {
                var outNow = _out[segment] = _out.GetValueOrDefault(segment) + 1;
                _mostOut = Math.Max(_mostOut, outNow);
            }

            Calls.Enqueue((segment, delta.BandReports.Count));
            try
            {
                await _released.Task;
                if (first && FailFirstCall)
                {
                    throw new InvalidOperationException("the segment is unavailable");
                }
            }
            finally
            {
                lock (_gate)
                {
                    _out[segment]--;
                }
            }
        }
    }

    /// <summary>Implements an interface by one function, for the collaborators above.</summary>
    private static T ProxyOf<T>(Func<MethodInfo, object?[], object?> handler)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, FunctionProxy>();
        ((FunctionProxy)(object)proxy).Handler = handler;
        return proxy;
    }

    /// <summary>The proxy <see cref="ProxyOf{T}"/> makes.</summary>
    public class FunctionProxy : DispatchProxy
    {
        public Func<MethodInfo, object?[], object?> Handler { get; set; } = (m, _) => throw new NotSupportedException(m.Name);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Handler(targetMethod!, args ?? []);
    }
}
