using System.Diagnostics.Metrics;
using CxGrains.Host.Ingest;

namespace CxGrains.Host.Tests;

/// <summary>
/// Follows one of the host's in-flight instruments (<c>cx_batches_in_flight</c>: the batches the
/// ingest service is applying right now; <c>cx_events_in_flight</c>: their events): its value now,
/// and the highest value seen since <see cref="ResetMaximum"/>. Started before the host, so it sees
/// every change.
/// </summary>
public sealed class InFlightProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _current;
    private long _maximum;

    public InFlightProbe(string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == IngestMetrics.MeterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, delta, _, _) =>
        {
            var now = Interlocked.Add(ref _current, delta);
            var seen = Interlocked.Read(ref _maximum);
            while (now > seen)
            {
                var previous = Interlocked.CompareExchange(ref _maximum, now, seen);
                if (previous == seen)
                {
                    break;
                }

                seen = previous;
            }
        });
        _listener.Start();
    }

    /// <summary>The instrument's value now.</summary>
    public long Current => Interlocked.Read(ref _current);

    /// <summary>The highest value since the last reset.</summary>
    public long Maximum => Interlocked.Read(ref _maximum);

    /// <summary>Starts a new maximum from the current value.</summary>
    public void ResetMaximum() => Interlocked.Exchange(ref _maximum, Current);

    public void Dispose() => _listener.Dispose();
}
