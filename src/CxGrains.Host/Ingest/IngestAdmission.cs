using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Ingest;

/// <summary>
/// Bounds the events this silo applies at once (<c>Cx:Ingest:MaxInFlightEvents</c>), across every
/// stream and call. A batch takes one permit per event before it is applied and returns them once
/// it is; when the silo is full a stream stops reading until permits come back, so HTTP/2 flow
/// control slows the senders instead of the silo queueing seconds of work behind every ack. Waiters
/// are served oldest first, so no stream starves. Each ack says how long its batch waited.
/// </summary>
public sealed class IngestAdmission : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly int _limit;

    /// <summary>Creates the limiter from <see cref="IngestLimitsOptions.MaxInFlightEvents"/>.</summary>
    public IngestAdmission(IOptions<IngestLimitsOptions> options, IngestMetrics metrics, TimeProvider time)
    {
        _limit = options.Value.MaxInFlightEvents;
        _metrics = metrics;
        _time = time;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _limit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,

            // Each stream waits with one batch at most (it stops reading meanwhile); unary calls
            // wait too. What bounds the queue is the number of streams and calls, not this.
            QueueLimit = int.MaxValue,
        });
    }

    /// <summary>
    /// Waits until the silo can take <paramref name="events"/> more events. Dispose the admission once
    /// they are applied. A batch larger than the whole limit waits for the silo to be empty.
    /// </summary>
    public async ValueTask<Admission> EnterAsync(int events, CancellationToken cancellation)
    {
        var permits = Math.Clamp(events, 1, _limit);
        var lease = _limiter.AttemptAcquire(permits);
        var waited = TimeSpan.Zero;
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            var started = _time.GetTimestamp();
            lease = await _limiter.AcquireAsync(permits, cancellation);
            waited = _time.GetElapsedTime(started);
            if (!lease.IsAcquired)
            {
                // Only when the limiter is gone, as the host stops.
                lease.Dispose();
                throw new RpcException(new Status(StatusCode.Unavailable, "this silo is stopping and takes no more events; resend them to another address."));
            }
        }

        _metrics.RecordAdmission(permits, waited);
        return new Admission(lease, permits, waited, _metrics);
    }

    /// <summary>Events of batches waiting for room right now.</summary>
    public long QueuedEvents => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    /// <summary>Permits held by one batch; disposing returns them.</summary>
    public readonly struct Admission(RateLimitLease lease, int permits, TimeSpan waited, IngestMetrics metrics) : IDisposable
    {
        /// <summary>How long the batch waited for room before it was applied.</summary>
        public TimeSpan Waited => waited;

        /// <inheritdoc />
        public void Dispose()
        {
            metrics.EventsInFlight(-permits);
            lease.Dispose();
        }
    }
}
