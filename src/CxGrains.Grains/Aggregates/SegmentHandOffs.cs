using CxGrains.Abstractions;
using Microsoft.Extensions.Logging;

namespace CxGrains.Grains.Aggregates;

/// <summary>
/// Hands customers going to sleep over to their segments in groups: a customer's hand-off joins its segment's next
/// call, which goes as soon as the call before it to that segment has returned, with up to
/// <see cref="MaxCustomersPerCall"/> customers. A stopping silo puts every customer it holds to sleep at once; with a
/// call per customer and segment, a silo holding 200,000 customers was still handing them over when its stop timed
/// out.
/// </summary>
/// <remarks>
/// When the last silo stops, no silo can host a segment any more: its customers' hand-offs are then given up at once
/// instead of each call waiting out placement's retries.
/// </remarks>
internal sealed partial class SegmentHandOffs(IGrainFactory grains, ISiloStatusOracle? silos, ILogger logger)
{
    /// <summary>The most customers one call carries, so that a silo's stop does not become one huge message.</summary>
    public const int MaxCustomersPerCall = 1_000;

    private readonly Lock _gate = new();

    // Per segment, the calls not yet sent; a segment is listed while one of its calls is on its way.
    private readonly Dictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);

    private long _calls;
    private long _customers;

    /// <summary>Calls sent, successful or not.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Customers in the calls sent, successful or not.</summary>
    public long Customers => Interlocked.Read(ref _customers);

    /// <summary>
    /// Adds one customer's hand-off to its segment's next call. True once the segment took the call, false when the
    /// call failed.
    /// </summary>
    /// <param name="segmentKey">The segment.</param>
    /// <param name="report">The customer's band report with the changes ahead.</param>
    /// <param name="atRisk">The customer's at-risk entry still unsent, if any.</param>
    /// <param name="removeAtRisk">Whether the segment must stop listing the customer.</param>
    public Task<bool> Add(string segmentKey, BandReport report, AtRiskEntry? atRisk, bool removeAtRisk)
    {
        Call call;
        var start = false;
        lock (_gate)
        {
            if (!_waiting.TryGetValue(segmentKey, out var waiting))
            {
                waiting = new Waiting();
                _waiting[segmentKey] = waiting;
                start = true;
            }

            call = waiting.Open();
            call.Add(report, atRisk, removeAtRisk);
        }

        if (start)
        {
            // On the thread pool: the caller is a customer's turn, and its activation is going away.
            _ = Task.Run(() => SendAsync(segmentKey));
        }

        return call.Taken.Task;
    }

    private async Task SendAsync(string segmentKey)
    {
        while (true)
        {
            Call call;
            lock (_gate)
            {
                var waiting = _waiting[segmentKey];
                if (!waiting.Calls.TryDequeue(out call!))
                {
                    _waiting.Remove(segmentKey);
                    return;
                }

                call.Sent = true;
            }

            if (NoSiloCanHostSegments())
            {
                LogNoSiloActive(segmentKey, call.Count);
                call.Taken.TrySetResult(false);
                continue;
            }

            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _customers, call.Count);
            try
            {
                await grains.GetGrain<ISegmentGrain>(segmentKey).HandOff(call.ToDelta());
                call.Taken.TrySetResult(true);
            }
            catch (Exception ex)
            {
                LogHandOffFailed(segmentKey, call.Count, ex);
                call.Taken.TrySetResult(false);
            }
        }
    }

    private bool NoSiloCanHostSegments() =>
        silos is { CurrentStatus: not SiloStatus.Active } && silos.GetApproximateSiloStatuses(onlyActive: true).Count == 0;

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "No silo is active to take the band changes of {Customers} sleeping customers of segment {Id}; they stay where they were last reported until they wake")]
    private partial void LogNoSiloActive(string id, int customers);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Segment {Id} did not take the band changes of {Customers} sleeping customers; they stay where they were last reported until they wake")]
    private partial void LogHandOffFailed(string id, int customers, Exception exception);

    private sealed class Waiting
    {
        private Call? _last;

        public Queue<Call> Calls { get; } = new();

        // The last call waiting takes customers until it is full; once sent it has left the queue.
        public Call Open()
        {
            if (_last is null || _last.Count >= MaxCustomersPerCall || _last.Sent)
            {
                _last = new Call();
                Calls.Enqueue(_last);
            }

            return _last;
        }
    }

    private sealed class Call
    {
        private readonly List<BandReport> _reports = [];
        private List<AtRiskEntry>? _upserts;
        private List<string>? _removals;

        public TaskCompletionSource<bool> Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => _reports.Count;

        // Taken off the queue to be sent: it takes no more customers.
        public bool Sent { get; set; }

        public void Add(BandReport report, AtRiskEntry? atRisk, bool removeAtRisk)
        {
            _reports.Add(report);
            if (atRisk is not null)
            {
                (_upserts ??= []).Add(atRisk);
            }
            else if (removeAtRisk)
            {
                (_removals ??= []).Add(report.CustomerId);
            }
        }

        public AggregateDelta ToDelta() => new()
        {
            BandReports = _reports,
            AtRiskUpserts = (IReadOnlyList<AtRiskEntry>?)_upserts ?? [],
            AtRiskRemovals = (IReadOnlyList<string>?)_removals ?? [],
        };
    }
}
