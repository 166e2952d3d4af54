using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using CxGrains.Contracts.V1;
using Grpc.Core;
using Channel = System.Threading.Channels.Channel;

namespace CxGrains.Client;

/// <summary>
/// What a client's streams share: the queue of batches waiting for a stream, the count of batches not yet settled
/// (acknowledged or abandoned) that <c>FlushAsync</c> waits on, the fault that ends everything, and the observer
/// and metrics every outcome is reported to.
/// </summary>
internal sealed class IngestSession : IDisposable
{
    // One batch may wait for a stream beyond the windows: enough to keep streams busy, little enough that
    // SendAsync feels the backpressure of a full window at once.
    private const int QueuedBatches = 1;

    private readonly Channel<OutgoingBatch> _queue = Channel.CreateUnbounded<OutgoingBatch>();
    private readonly SemaphoreSlim _room = new(QueuedBatches, QueuedBatches);
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _faulted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _settleLock = new();
    private TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _unsettled;
    private Exception? _fault;

    public IngestSession(CxIngestClientOptions options, IReadOnlyList<IngestEndpoint> endpoints, IIngestObserver observer)
    {
        Options = options;
        Endpoints = endpoints;
        Observer = observer;
        Metrics = new IngestClientMetrics(options.MeterFactory);
        Headers = string.IsNullOrEmpty(options.ApiKey) ? [] : new Metadata { { "x-api-key", options.ApiKey } };
        _settled.SetResult();
    }

    public CxIngestClientOptions Options { get; }

    public IReadOnlyList<IngestEndpoint> Endpoints { get; }

    public Metadata Headers { get; }

    public IIngestObserver Observer { get; }

    public IngestClientMetrics Metrics { get; }

    /// <summary>Fires when everything must end now: the client faulted or was disposed with work outstanding.</summary>
    public CancellationToken Abort => _abort.Token;

    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>True once no batch will ever be queued again and none is waiting.</summary>
    public bool QueueDrained => _queue.Reader.Completion.IsCompleted;

    public bool HasQueued => _queue.Reader.TryPeek(out _);

    /// <summary>Waits until a batch may be queued; throws the fault, or <see cref="OperationCanceledException"/>.</summary>
    public async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            await WaitOrThrowFaultAsync(_room.WaitAsync(Abort));
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Abort);
        await WaitOrThrowFaultAsync(_room.WaitAsync(linked.Token));
    }

    /// <summary>Queues a batch for the streams; call after <see cref="WaitForRoomAsync"/> and <see cref="Track"/>.</summary>
    public void Enqueue(OutgoingBatch batch)
    {
        if (!_queue.Writer.TryWrite(batch))
        {
            _room.Release();
            Abandoned(batch);
        }
    }

    /// <summary>Takes the next queued batch, freeing its room for the next sender.</summary>
    public bool TryTake(out OutgoingBatch batch)
    {
        if (_queue.Reader.TryRead(out batch!))
        {
            _room.Release();
            return true;
        }

        return false;
    }

    /// <summary>Waits until a batch is queued: true, or false once none ever will be (or on abort).</summary>
    public async Task<bool> WaitForQueuedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _queue.Reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>No batch will be queued any more; streams close once theirs are settled.</summary>
    public void CompleteQueue() => _queue.Writer.TryComplete();

    /// <summary>Counts batches that must be settled before a flush returns.</summary>
    public void Track(int batches)
    {
        lock (_settleLock)
        {
            _unsettled += batches;
            if (_unsettled == 0)
            {
                _settled.TrySetResult();
            }
            else if (_settled.Task.IsCompleted)
            {
                _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public long Unsettled
    {
        get
        {
            lock (_settleLock)
            {
                return _unsettled;
            }
        }
    }

    /// <summary>Waits until every tracked batch is settled; throws the fault if the client faulted first.</summary>
    public async Task WhenSettledAsync(CancellationToken cancellationToken)
    {
        Task settled;
        lock (_settleLock)
        {
            settled = _settled.Task;
        }

        await Task.WhenAny(settled, _faulted.Task).WaitAsync(cancellationToken);
        ThrowIfFaulted();
    }

    public void ThrowIfFaulted()
    {
        if (Fault is { } fault)
        {
            ExceptionDispatchInfo.Throw(fault);
        }
    }

    /// <summary>Ends everything: streams stop, and every batch not yet acknowledged is abandoned.</summary>
    public void Cancel(Exception? fault)
    {
        if (fault is not null && Interlocked.CompareExchange(ref _fault, fault, null) is null)
        {
            _faulted.TrySetResult();
        }

        _abort.Cancel();
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var batch))
        {
            Abandoned(batch);
        }
    }

    public void Sent(OutgoingBatch batch)
    {
        Metrics.Sent(batch);
        Observer.OnSent(batch);
    }

    /// <summary>Reports an ack; the batch is settled by the caller once any retry it causes is tracked.</summary>
    public void Acknowledged(OutgoingBatch batch, BatchAck ack, TimeSpan latency)
    {
        Metrics.Acknowledged(ack, latency);
        Observer.OnAcknowledged(batch, ack, latency);
    }

    public void Rejected(OutgoingBatch batch, RejectedEvent rejected) => Observer.OnRejected(new EventRejection(batch, rejected));

    public void Abandoned(OutgoingBatch batch)
    {
        Metrics.Abandoned(batch);
        Observer.OnAbandoned(batch);
        Track(-1);
    }

    public void Reconnecting(Uri endpoint, Exception cause)
    {
        Metrics.Reconnected();
        Observer.OnReconnecting(endpoint, cause);
    }

    // The abort source and the room semaphore are left to the collector: late retry timers and senders may still
    // look at them, and neither holds anything but memory (no timer, no wait handle).
    public void Dispose() => Metrics.Dispose();

    private async Task WaitOrThrowFaultAsync(Task wait)
    {
        try
        {
            await wait;
        }
        catch (OperationCanceledException) when (Abort.IsCancellationRequested)
        {
            ThrowIfFaulted();
            throw new ObjectDisposedException(nameof(CxIngestClient));
        }
    }
}
