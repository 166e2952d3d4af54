using System.Diagnostics.Metrics;
using CxGrains.Contracts.V1;

namespace CxGrains.Client;

/// <summary>
/// The client's instruments on the meter <c>CxGrains.Client</c> (<see cref="MeterName"/>): events sent, resent,
/// acknowledged, rejected (by code) and abandoned, batches in flight, reconnects and ack latency.
/// </summary>
internal sealed class IngestClientMetrics : IDisposable
{
    public const string MeterName = "CxGrains.Client";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _resent;
    private readonly Counter<long> _acknowledged;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _abandoned;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _reconnects;
    private readonly Histogram<double> _ackDuration;

    public IngestClientMetrics(IMeterFactory? factory)
    {
        _ownsMeter = factory is null;
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _sent = _meter.CreateCounter<long>("cx.client.events.sent", "{event}", "Events sent for the first time.");
        _resent = _meter.CreateCounter<long>("cx.client.events.resent", "{event}",
            "Events sent again: in an unacknowledged batch after a reconnect (reason=reconnect) or after an UNAVAILABLE rejection (reason=unavailable).");
        _acknowledged = _meter.CreateCounter<long>("cx.client.events.acknowledged", "{event}",
            "Events the server acknowledged as applied (outcome=accepted) or already counted (outcome=duplicate).");
        _rejected = _meter.CreateCounter<long>("cx.client.events.rejected", "{event}", "Events the server rejected, by reason code.");
        _abandoned = _meter.CreateCounter<long>("cx.client.events.abandoned", "{event}", "Events given up unacknowledged.");
        _inFlight = _meter.CreateUpDownCounter<long>("cx.client.batches.in_flight", "{batch}", "Batches sent and not yet acknowledged.");
        _reconnects = _meter.CreateCounter<long>("cx.client.reconnects", "{reconnect}", "Streams reconnected after a failure.");
        _ackDuration = _meter.CreateHistogram<double>("cx.client.ack.duration", "s", "From a batch's send to its ack.");
    }

    public void Sent(OutgoingBatch batch)
    {
        if (batch.Sends == 1)
        {
            _inFlight.Add(1);
            if (batch.IsRetry)
            {
                _resent.Add(batch.EventCount, new KeyValuePair<string, object?>("reason", "unavailable"));
            }
            else
            {
                _sent.Add(batch.EventCount);
            }
        }
        else
        {
            _resent.Add(batch.EventCount, new KeyValuePair<string, object?>("reason", "reconnect"));
        }
    }

    public void Acknowledged(BatchAck ack, TimeSpan latency)
    {
        _inFlight.Add(-1);
        _ackDuration.Record(latency.TotalSeconds);
        _acknowledged.Add(ack.Accepted, new KeyValuePair<string, object?>("outcome", "accepted"));
        _acknowledged.Add(ack.Duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        foreach (var rejected in ack.Rejected)
        {
            _rejected.Add(1, new KeyValuePair<string, object?>("code", rejected.Code));
        }
    }

    public void Abandoned(OutgoingBatch batch)
    {
        if (batch.Sends > 0)
        {
            _inFlight.Add(-1);
        }

        _abandoned.Add(batch.EventCount);
    }

    public void Reconnected() => _reconnects.Add(1);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
