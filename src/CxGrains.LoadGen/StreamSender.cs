using System.Diagnostics;
using CxGrains.Contracts.V1;
using Grpc.Core;

namespace CxGrains.LoadGen;

/// <summary>
/// One bidirectional <c>Stream</c> call and its send window. Sends at most <c>InFlight</c> batches ahead of
/// their acks; when the stream drops, reconnects with backoff — to the next target when there are several —
/// and resends every unacknowledged batch, same id and same events, before anything new. Events an ack
/// rejects as <c>UNAVAILABLE</c> go out again in a new batch after a backoff.
/// </summary>
internal sealed class StreamSender(RunContext context, int firstTarget) : IDisposable
{
    private const string UnavailableCode = "UNAVAILABLE";

    // Concurrency: one writer (the connection loop) and one reader (the ack loop) per connection; the
    // pending map is the only state both touch, under _lock. The window semaphore counts pending batches.
    // Retry batches wait in _retries (holding no window slot) until the writer takes a slot for them.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PendingBatch> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _window = new(context.Options.InFlight, context.Options.InFlight);
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingBatch> _retries = new();
    private TaskCompletionSource _changed = NewSignal();
    private volatile bool _generating = true;
    private int _target = firstTarget % context.Targets.Count;
    private long _acks;
    private int _retriesOutstanding;

    private IngestTarget Target => context.Targets[_target];

    private bool HasWork => _generating || PendingCount > 0 || Volatile.Read(ref _retriesOutstanding) > 0;

    private int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public void Dispose() => _window.Dispose();

    public async Task RunAsync()
    {
        var failures = 0;
        try
        {
            while (!context.Abort.IsCancellationRequested && HasWork)
            {
                var acksBefore = Interlocked.Read(ref _acks);
                var failure = await RunConnectionAsync();
                if (failure is null || context.Abort.IsCancellationRequested)
                {
                    continue;
                }

                if (Failures.IsFatal(failure))
                {
                    throw Failures.Refused(Target.Url, failure);
                }

                if (!context.Options.Resend)
                {
                    AbandonPending();
                }

                // Only attempts that acknowledged nothing count towards giving up: a server that keeps
                // dropping streams but makes progress in between is slow, not unreachable.
                failures = Interlocked.Read(ref _acks) > acksBefore ? 1 : failures + 1;
                if (failures > context.Options.MaxReconnectAttempts)
                {
                    throw Failures.GaveUp(Target.Url, failures, failure);
                }

                // The broken target may be gone for good (a stopped or killed server): try the next one.
                _target = (_target + 1) % context.Targets.Count;
                context.Counters.OnReconnect();
                await Task.Delay(context.Backoff(failures), context.Abort).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            AbandonPending();
        }
    }

    /// <summary>Runs one connection to its end; returns null when all work is done, else why it ended.</summary>
    private async Task<Exception?> RunConnectionAsync()
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(context.Abort);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(connection.Token, context.Stop);
        using var call = Target.Client.Stream(context.Headers, cancellationToken: connection.Token);
        var reader = ReadAcksAsync(call.ResponseStream, connection);
        var watchdog = WatchAcksAsync(connection);
        var cause = await SendAllAsync(call, reader, connection, sending.Token);
        await connection.CancelAsync();
        var stalled = await watchdog;
        return stalled && cause is not null
            ? new TimeoutException($"No ack within {context.Options.AckTimeout.TotalSeconds:0.###} s; the stream looks stuck.")
            : cause;
    }

    private async Task<Exception?> SendAllAsync(
        AsyncDuplexStreamingCall<EventBatch, BatchAck> call,
        Task<Exception?> reader,
        CancellationTokenSource connection,
        CancellationToken sending)
    {
        try
        {
            foreach (var batch in PendingInOrder())
            {
                await SendAsync(call.RequestStream, batch, connection.Token);
            }

            while (true)
            {
                // Taken before looking, so that a change in between wakes the wait below.
                var changed = Volatile.Read(ref _changed).Task;
                var next = await NextBatchAsync(sending, connection.Token);
                if (next is null)
                {
                    // Nothing new to send: wait for the outstanding acks, sending any retries they cause.
                    if (PendingCount == 0 && Volatile.Read(ref _retriesOutstanding) == 0)
                    {
                        break;
                    }

                    if (_retries.IsEmpty)
                    {
                        await changed.WaitAsync(connection.Token);
                    }

                    continue;
                }

                lock (_lock)
                {
                    _pending.Add(next.Batch.BatchId, next);
                }

                await SendAsync(call.RequestStream, next, connection.Token);
            }

            await call.RequestStream.CompleteAsync();
            var readError = await reader;
            var left = PendingCount + Volatile.Read(ref _retriesOutstanding);
            return readError ?? (left == 0 ? null : new StreamEndedException(left));
        }
        catch (Exception exception)
        {
            if (!connection.IsCancellationRequested)
            {
                // Not our cancellation: the server has ended the call, and a write saw it first (as a failure or as
                // a cancelled write). Wait for the server's status before cancelling the connection, so that a
                // refusal (bad key) is recognised as one rather than read as "cancelled" and retried. The status
                // follows at once unless the machine is starved, so only a stuck stream waits out the ack timeout.
                await Task.WhenAny(reader, Task.Delay(context.Options.AckTimeout, context.Abort));
            }

            await connection.CancelAsync();
            var readError = await reader;

            // The server's status (from the reader) says most, e.g. Unauthenticated while the writer only saw
            // its request body reset. Otherwise whichever side failed first is the cause; the other usually
            // saw only the cancellation that followed.
            if (readError is RpcException rpc && rpc.StatusCode != StatusCode.Cancelled)
            {
                return readError;
            }

            if (!IsCancellation(exception))
            {
                return exception;
            }

            return readError ?? new StreamEndedException(PendingCount);
        }
    }

    /// <summary>Drops the connection when its oldest batch waits longer than the ack timeout; true if it did.</summary>
    private async Task<bool> WatchAcksAsync(CancellationTokenSource connection)
    {
        var timeout = context.Options.AckTimeout;
        var period = timeout / 4 < TimeSpan.FromSeconds(1) ? timeout / 4 : TimeSpan.FromSeconds(1);
        while (!connection.IsCancellationRequested)
        {
            await Task.Delay(period, connection.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            long oldest;
            lock (_lock)
            {
                oldest = _pending.Values.Select(b => b.SentAt).Where(t => t != 0).DefaultIfEmpty(0).Min();
            }

            if (oldest != 0 && Stopwatch.GetElapsedTime(oldest) > timeout && !connection.IsCancellationRequested)
            {
                await connection.CancelAsync();
                return true;
            }
        }

        return false;
    }

    private static bool IsCancellation(Exception exception) =>
        exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };

    private async Task SendAsync(IClientStreamWriter<EventBatch> writer, PendingBatch batch, CancellationToken cancellationToken)
    {
        batch.MarkSent();
        context.Counters.OnSent(batch);
        await writer.WriteAsync(batch.Batch, cancellationToken);
    }

    /// <summary>Waits for a window slot, then takes a waiting retry or (after the pacer) the next batch of the
    /// run; null when there is nothing to send now.</summary>
    private async Task<PendingBatch?> NextBatchAsync(CancellationToken sending, CancellationToken connection)
    {
        if (!_generating && _retries.IsEmpty)
        {
            return null;
        }

        try
        {
            // Once sending has stopped, retries still go out until the drain ends the connection.
            await _window.WaitAsync(_generating ? sending : connection);
        }
        catch (OperationCanceledException) when (!connection.IsCancellationRequested)
        {
            _generating = false;
            return null;
        }

        if (_retries.TryDequeue(out var retry))
        {
            Interlocked.Decrement(ref _retriesOutstanding);
            return retry;
        }

        if (!_generating)
        {
            _window.Release();
            return null;
        }

        try
        {
            await context.Pacer.WaitAsync(context.Options.BatchSize, sending);
            var next = context.Source.Next();
            if (next is null)
            {
                _generating = false;
                _window.Release();
                context.EndSending();
            }

            return next;
        }
        catch (Exception exception)
        {
            _window.Release();
            if (exception is OperationCanceledException && !connection.IsCancellationRequested)
            {
                _generating = false;
                return null;
            }

            throw;
        }
    }

    private async Task<Exception?> ReadAcksAsync(IAsyncStreamReader<BatchAck> acks, CancellationTokenSource connection)
    {
        try
        {
            while (await acks.MoveNext(connection.Token))
            {
                OnAck(acks.Current);
            }

            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
        finally
        {
            // Wakes the writer if it is waiting for a window slot that this connection can no longer free.
            await connection.CancelAsync();
        }
    }

    private void OnAck(BatchAck ack)
    {
        PendingBatch? batch;
        lock (_lock)
        {
            _pending.Remove(ack.BatchId, out batch);
        }

        if (batch is null)
        {
            context.Counters.OnUnmatchedAck();
            return;
        }

        Interlocked.Increment(ref _acks);
        context.Counters.OnAck(batch, ack, Stopwatch.GetElapsedTime(batch.SentAt));
        if (context.Options.Resend && ack.Rejected.Any(r => r.Code == UnavailableCode)
            && batch.RetryOf(ack.Rejected.Where(r => r.Code == UnavailableCode && !r.QueueEvent).Select(r => r.Index), ack.Rejected.Where(r => r.Code == UnavailableCode && r.QueueEvent).Select(r => r.Index)) is { } retry)
        {
            Interlocked.Increment(ref _retriesOutstanding);
            _ = RetryLaterAsync(retry);
        }

        _window.Release();
        Signal();
    }

    /// <summary>Queues a retry batch after a backoff that grows with its retry number.</summary>
    private async Task RetryLaterAsync(PendingBatch retry)
    {
        await Task.Delay(context.Backoff(retry.Retry), context.Abort).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (context.Abort.IsCancellationRequested)
        {
            Interlocked.Decrement(ref _retriesOutstanding);
            context.Counters.OnAbandoned(retry);
        }
        else
        {
            _retries.Enqueue(retry);
        }

        Signal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes a writer waiting for acks or retries.</summary>
    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private PendingBatch[] PendingInOrder()
    {
        lock (_lock)
        {
            return [.. _pending.Values.OrderBy(b => b.Number)];
        }
    }

    private void AbandonPending()
    {
        PendingBatch[] abandoned;
        lock (_lock)
        {
            abandoned = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var batch in abandoned)
        {
            context.Counters.OnAbandoned(batch);
            _window.Release();
        }

        while (_retries.TryDequeue(out var retry))
        {
            Interlocked.Decrement(ref _retriesOutstanding);
            context.Counters.OnAbandoned(retry);
        }
    }
}
