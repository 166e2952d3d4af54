using System.Collections.Concurrent;
using System.Diagnostics;
using CxGrains.Contracts.V1;
using Grpc.Core;

namespace CxGrains.Client;

/// <summary>
/// One bidirectional <c>Stream</c> call and its send window. Sends at most <c>MaxInFlightBatches</c> batches ahead
/// of their acks; when the stream drops, reconnects with backoff to the next endpoint and resends every
/// unacknowledged batch, same id and same events, before anything new. Events an ack rejects as <c>UNAVAILABLE</c>
/// go out again in a new batch after a backoff. Connects only when there is something to send.
/// </summary>
internal sealed class IngestStream(IngestSession session, int firstEndpoint) : IDisposable
{
    private const string UnavailableCode = "UNAVAILABLE";

    // Concurrency: one writer (the connection loop) and one reader (the ack loop) per connection; the pending map
    // is the only state both touch, under _lock. The window semaphore counts pending batches. Retry batches wait
    // in _retries (holding no window slot) until the writer takes a slot for them.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, OutgoingBatch> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _window = new(session.Options.MaxInFlightBatches, session.Options.MaxInFlightBatches);
    private readonly ConcurrentQueue<OutgoingBatch> _retries = new();
    private TaskCompletionSource _changed = NewSignal();
    private int _endpoint = firstEndpoint % session.Endpoints.Count;
    private long _acks;
    private int _retriesOutstanding;

    private IngestEndpoint Endpoint => session.Endpoints[_endpoint];

    private CxIngestClientOptions Options => session.Options;

    /// <summary>Batches of this stream not yet acknowledged, or waiting to be retried.</summary>
    private bool HasOwnWork => PendingCount > 0 || Volatile.Read(ref _retriesOutstanding) > 0;

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

    /// <summary>Runs until the queue is drained and every batch of this stream is settled; throws
    /// <see cref="CxIngestException"/> when it gives up.</summary>
    public async Task RunAsync()
    {
        var failures = 0;
        var abort = session.Abort;
        try
        {
            while (!abort.IsCancellationRequested)
            {
                if (!HasOwnWork && !await session.WaitForQueuedAsync(abort))
                {
                    return;
                }

                var acksBefore = Interlocked.Read(ref _acks);
                var failure = await RunConnectionAsync();
                if (failure is null || abort.IsCancellationRequested)
                {
                    continue;
                }

                if (IngestFailures.IsFatal(failure))
                {
                    throw IngestFailures.Refused(Endpoint.Url, failure);
                }

                var lostWork = HasOwnWork;
                if (!Options.Resend)
                {
                    AbandonPending();
                }

                // Only attempts that lost work and acknowledged nothing count towards giving up: a server that keeps
                // dropping streams but makes progress in between is slow, not unreachable; an idle stream that closed
                // lost nothing and reconnects when there is something to send.
                failures = !lostWork ? 0 : Interlocked.Read(ref _acks) > acksBefore ? 1 : failures + 1;
                if (failures > Options.MaxReconnectAttempts)
                {
                    throw IngestFailures.GaveUp(Endpoint.Url, failures, failure);
                }

                // The broken endpoint may be gone for good (a stopped or killed server): try the next one.
                _endpoint = (_endpoint + 1) % session.Endpoints.Count;
                if (!lostWork)
                {
                    continue;
                }

                session.Reconnecting(Endpoint.Url, failure);
                await Task.Delay(Options.Backoff(failures), abort).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception exception)
        {
            // The fault is set before the batches are abandoned, so that a flush they settle sees why.
            session.Cancel(exception);
            throw;
        }
        finally
        {
            AbandonPending();
        }
    }

    /// <summary>Runs one connection to its end; returns null when all work is done, else why it ended.</summary>
    private async Task<Exception?> RunConnectionAsync()
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(session.Abort);
        using var call = Endpoint.Client.Stream(session.Headers, cancellationToken: connection.Token);
        var reader = ReadAcksAsync(call.ResponseStream, connection);
        var watchdog = WatchAcksAsync(connection);
        var cause = await SendAllAsync(call, reader, connection);
        await connection.CancelAsync();
        var stalled = await watchdog;
        return stalled && cause is not null
            ? new TimeoutException($"No ack within {Options.AckTimeout.TotalSeconds:0.###} s; the stream looks stuck.")
            : cause;
    }

    private async Task<Exception?> SendAllAsync(
        AsyncDuplexStreamingCall<EventBatch, BatchAck> call,
        Task<Exception?> reader,
        CancellationTokenSource connection)
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
                var next = await NextBatchAsync(connection.Token);
                if (next is null)
                {
                    if (!HasOwnWork && session.QueueDrained)
                    {
                        break;
                    }

                    if (_retries.IsEmpty)
                    {
                        // Wait for an ack (it may free a slot or cause a retry) or, while more may come, a new batch.
                        await (session.QueueDrained
                            ? changed.WaitAsync(connection.Token)
                            : Task.WhenAny(changed, session.WaitForQueuedAsync(connection.Token)).WaitAsync(connection.Token));
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
                await Task.WhenAny(reader, Task.Delay(Options.AckTimeout, session.Abort));
            }

            await connection.CancelAsync();
            var readError = await reader;

            // The server's status (from the reader) says most, e.g. Unauthenticated while the writer only saw its
            // request body reset. Otherwise whichever side failed first is the cause; the other usually saw only
            // the cancellation that followed.
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
        var timeout = Options.AckTimeout;
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

    private async Task SendAsync(IClientStreamWriter<EventBatch> writer, OutgoingBatch batch, CancellationToken cancellationToken)
    {
        batch.MarkSent();
        session.Sent(batch);
        await writer.WriteAsync(batch.Batch, cancellationToken);
    }

    /// <summary>Waits for a window slot, then takes a waiting retry or the next queued batch; null when there is
    /// nothing to send now.</summary>
    private async Task<OutgoingBatch?> NextBatchAsync(CancellationToken connection)
    {
        if (_retries.IsEmpty && !session.HasQueued)
        {
            return null;
        }

        await _window.WaitAsync(connection);
        if (_retries.TryDequeue(out var retry))
        {
            Interlocked.Decrement(ref _retriesOutstanding);
            return retry;
        }

        if (session.TryTake(out var next))
        {
            return next;
        }

        _window.Release();
        return null;
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
        OutgoingBatch? batch;
        lock (_lock)
        {
            _pending.Remove(ack.BatchId, out batch);
        }

        if (batch is null)
        {
            session.Observer.OnUnmatchedAck(ack);
            return;
        }

        Interlocked.Increment(ref _acks);
        session.Acknowledged(batch, ack, Stopwatch.GetElapsedTime(batch.SentAt));
        List<int>? unavailable = null;
        List<int>? unavailableQueue = null;
        foreach (var rejected in ack.Rejected)
        {
            if (Options.Resend && rejected.Code == UnavailableCode)
            {
                (rejected.QueueEvent ? unavailableQueue ??= [] : unavailable ??= []).Add(rejected.Index);
            }
            else
            {
                session.Rejected(batch, rejected);
            }
        }

        if ((unavailable is not null || unavailableQueue is not null)
            && batch.RetryOf(unavailable ?? [], unavailableQueue ?? []) is { } retry)
        {
            // Tracked before the batch is settled, so that a flush never sees nothing outstanding in between.
            session.Track(1);
            Interlocked.Increment(ref _retriesOutstanding);
            _ = RetryLaterAsync(retry);
        }

        session.Track(-1);
        _window.Release();
        Signal();
    }

    /// <summary>Queues a retry batch after a backoff that grows with its retry number.</summary>
    private async Task RetryLaterAsync(OutgoingBatch retry)
    {
        await Task.Delay(Options.Backoff(retry.Retry), session.Abort).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (session.Abort.IsCancellationRequested)
        {
            Interlocked.Decrement(ref _retriesOutstanding);
            session.Abandoned(retry);
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

    private OutgoingBatch[] PendingInOrder()
    {
        lock (_lock)
        {
            return [.. _pending.Values.OrderBy(b => b.Number).ThenBy(b => b.Retry)];
        }
    }

    private void AbandonPending()
    {
        OutgoingBatch[] abandoned;
        lock (_lock)
        {
            abandoned = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var batch in abandoned)
        {
            session.Abandoned(batch);
            _window.Release();
        }

        while (_retries.TryDequeue(out var retry))
        {
            Interlocked.Decrement(ref _retriesOutstanding);
            session.Abandoned(retry);
        }
    }
}
