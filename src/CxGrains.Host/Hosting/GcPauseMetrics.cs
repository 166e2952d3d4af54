using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Every pause of the silo's garbage collector as a histogram, <c>cx_gc_pause_duration</c> (scraped as
/// <c>cx_gc_pause_duration_seconds_bucket</c>). The runtime's own metrics count the total time paused; on a silo
/// holding a million customers it is the length of single pauses that sets the ack and query tails, so it is
/// measured here from the runtime's GC events (suspension begun to restart ended, as the runtime counts a pause).
/// </summary>
public sealed class GcPauseMetrics(IMeterFactory meters) : EventListener
{
    /// <summary>Meter name, to register with OpenTelemetry.</summary>
    public const string MeterName = "CxGrains.Runtime";

    private const string RuntimeEventSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    // The runtime's GCSuspendEEBegin_V1 and GCRestartEEEnd_V1.
    private const int SuspendBegin = 9;
    private const int RestartEnd = 3;

    // Seconds, from a young collection of a small heap (1 ms) to a full one of many gigabytes (10 s).
    private static readonly IReadOnlyList<double> Buckets =
        [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2.5, 5, 10];

    // Initialized before the listener's base constructor announces the runtime's event source.
    private readonly Histogram<double> _pauses = meters.Create(MeterName).CreateHistogram(
        "cx_gc_pause_duration", "s", "Length of each pause of the garbage collector",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    private DateTime _suspendedAt;

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeEventSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // The runtime suspends once per pause and delivers its events in order, on one thread.
        switch (eventData.EventId)
        {
            case SuspendBegin:
                _suspendedAt = eventData.TimeStamp;
                break;
            case RestartEnd when _suspendedAt != default:
                _pauses.Record((eventData.TimeStamp - _suspendedAt).TotalSeconds);
                _suspendedAt = default;
                break;
        }
    }
}
