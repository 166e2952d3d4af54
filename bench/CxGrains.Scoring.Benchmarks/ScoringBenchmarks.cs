using BenchmarkDotNet.Attributes;

namespace CxGrains.Scoring.Benchmarks;

/// <summary>
/// The per-event updates of the scoring core, each over a fixed mix of interaction kinds so that branch
/// prediction sees a realistic stream, plus one health assessment. Per-event figures are the reported
/// time divided by <see cref="EventsPerInvocation"/>.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    /// <summary>Events processed per benchmark invocation.</summary>
    public const int EventsPerInvocation = 1024;

    private static readonly long Start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    private readonly Interaction[] _events = new Interaction[EventsPerInvocation];
    private readonly MetricCounts[] _deltas = new MetricCounts[EventsPerInvocation];
    private readonly HealthModelOptions _options = HealthModelOptions.Default;
    private readonly ServiceTarget _target = ServiceTarget.Default;
    private MetricCounts _counts;
    private RollingWindows _windows = new();
    private CustomerExperience _experience = new();
    private long _now;

    /// <summary>Builds a mixed stream of events spread over a minute, some late.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (var i = 0; i < _events.Length; i++)
        {
            // About one event per 50 ms; one in eight arrives up to 30 s late.
            var at = Start + (i * 50 * TimeSpan.TicksPerMillisecond)
                - (random.Next(8) == 0 ? random.Next(30) * TimeSpan.TicksPerSecond : 0);
            _events[i] = (i % 6) switch
            {
                0 => Interaction.Nps(random.Next(11), at),
                1 => Interaction.Csat(random.Next(1, 6), at),
                2 => Interaction.Ces(random.Next(1, 8), at),
                3 => Interaction.Contact(at, random.NextDouble() * 120, random.NextDouble() * 600, random.Next(4) > 0, random.Next(2) > 0, random.Next(3), random.Next(10) == 0, (random.NextDouble() * 2) - 1),
                4 => Interaction.Purchase(random.NextDouble() * 100, at),
                _ => Interaction.Complaint(random.Next(1, 4), at),
            };
            _deltas[i].Record(_events[i], _target);
        }

        _now = Start + (EventsPerInvocation * 50 * TimeSpan.TicksPerMillisecond);
        _windows = new RollingWindows();
        _experience = new CustomerExperience();
        foreach (var e in _events)
        {
            _experience.Record(e, _target, _options);
        }
    }

    /// <summary><see cref="MetricCounts.Record"/> of 1024 mixed events.</summary>
    /// <returns>A value that keeps the work alive.</returns>
    [Benchmark(OperationsPerInvoke = EventsPerInvocation)]
    public long MetricCountsRecord()
    {
        var events = _events;
        for (var i = 0; i < events.Length; i++)
        {
            _counts.Record(events[i], _target);
        }

        return _counts.Events;
    }

    /// <summary><see cref="RollingWindows{TCounts}.Record"/> of 1024 one-event deltas into all four windows, time advancing.</summary>
    /// <returns>A value that keeps the work alive.</returns>
    [Benchmark(OperationsPerInvoke = EventsPerInvocation)]
    public RollingWindows RollingWindowsRecord()
    {
        var events = _events;
        var deltas = _deltas;
        for (var i = 0; i < events.Length; i++)
        {
            _windows.Record(events[i].OccurredAtTicks, deltas[i], events[i].OccurredAtTicks + TimeSpan.TicksPerSecond);
        }

        return _windows;
    }

    /// <summary><see cref="CustomerExperience.Record"/> of 1024 mixed events into one customer.</summary>
    /// <returns>A value that keeps the work alive.</returns>
    [Benchmark(OperationsPerInvoke = EventsPerInvocation)]
    public double CustomerExperienceRecord()
    {
        var events = _events;
        var sum = 0.0;
        for (var i = 0; i < events.Length; i++)
        {
            sum += _experience.Record(events[i], _target, _options).Negative ? 1 : 0;
        }

        return sum;
    }

    /// <summary>One <see cref="HealthModel.Assess(CustomerExperience, long, HealthModelOptions)"/> of a customer with all four components (allocates its result).</summary>
    /// <returns>The assessment.</returns>
    [Benchmark]
    public HealthAssessment HealthModelAssess() => HealthModel.Assess(_experience, _now, _options);
}
