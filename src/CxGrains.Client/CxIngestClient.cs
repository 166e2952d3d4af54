using System.Globalization;
using CxGrains.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.Client;

/// <summary>
/// Streams events into CxGrains ingest. Events are batched (a batch goes out when <see cref="CxIngestClientOptions.MaxBatchSize"/>
/// full, or <see cref="CxIngestClientOptions.Linger"/> after its first event); at most
/// <see cref="CxIngestClientOptions.MaxInFlightBatches"/> batches per stream wait for their acks, and beyond that
/// <c>SendAsync</c> waits. A dropped stream reconnects to the next endpoint and resends its unacknowledged batches
/// unchanged; events rejected as <c>UNAVAILABLE</c> go out again after a backoff. The server drops event ids it has
/// seen, so nothing counts twice — give every event a unique, stable <c>event_id</c>.
/// </summary>
/// <remarks>
/// Thread-safe. Call <see cref="FlushAsync"/> before disposing: disposal gives up whatever is still unacknowledged
/// (reported to <see cref="IIngestObserver.OnAbandoned"/>). Metrics: meter <c>CxGrains.Client</c>.
/// </remarks>
public sealed class CxIngestClient : IAsyncDisposable
{
    private readonly IngestSession _session;
    private readonly List<GrpcChannel> _ownedChannels = [];
    private readonly IngestStream[] _streams;
    private readonly Task[] _running;

    // Guards the open batch: events join it in call order, and it is sealed exactly once.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EventBatch? _open;
    private long _openNumber;
    private long _batchNumber = -1;
    private int _disposed;

    /// <summary>Creates a client; it connects when it has something to send.</summary>
    /// <param name="options">Settings; invalid ones throw <see cref="ArgumentException"/> naming them.</param>
    /// <param name="observer">Hears every send, ack, rejection and reconnect; optional.</param>
    public CxIngestClient(CxIngestClientOptions options, IIngestObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ingest client options: " + string.Join("; ", errors), nameof(options));
        }

        var endpoints = options.Endpoints.Select(url => new IngestEndpoint(url, new IngestService.IngestServiceClient(Channel(options, url)))).ToList();
        _session = new IngestSession(options, endpoints, observer ?? NoObserver.Instance);
        _streams = [.. Enumerable.Range(0, options.Streams).Select(i => new IngestStream(_session, i))];
        _running = [.. _streams.Select(stream => Task.Run(() => RunStreamAsync(stream)))];
    }

    /// <summary>The settings the client runs with.</summary>
    public CxIngestClientOptions Options => _session.Options;

    /// <summary>
    /// A gRPC channel suited to streaming ingest: HTTP/2 (plain text allowed), keep-alive pings that notice a dead
    /// server within seconds, and more connections when one is full of streams.
    /// </summary>
    public static GrpcChannel CreateChannel(Uri endpoint) => GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        },
        DisposeHttpClient = true,
    });

    /// <summary>Adds an interaction event to the open batch; waits while every send window is full.</summary>
    /// <exception cref="CxIngestException">The client gave up (it is faulted).</exception>
    public ValueTask SendAsync(InteractionEvent interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return AddAsync(interaction, null, cancellationToken);
    }

    /// <summary>Adds a contact-centre queue step to the open batch; waits while every send window is full.</summary>
    /// <exception cref="CxIngestException">The client gave up (it is faulted).</exception>
    public ValueTask SendAsync(QueueEvent queueEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queueEvent);
        return AddAsync(null, queueEvent, cancellationToken);
    }

    /// <summary>
    /// Sends a batch as it is, beside the client's own batches (an empty batch id gets one of the client's). Its id
    /// must be unique among the batches in flight. Waits while every send window is full.
    /// </summary>
    /// <exception cref="CxIngestException">The client gave up (it is faulted).</exception>
    public async ValueTask SendBatchAsync(EventBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfClosed();
        var number = Interlocked.Increment(ref _batchNumber);
        if (string.IsNullOrEmpty(batch.BatchId))
        {
            batch.BatchId = BatchId(number);
        }

        await _session.WaitForRoomAsync(cancellationToken);
        _session.Track(1);
        _session.Enqueue(new OutgoingBatch(batch, number));
    }

    /// <summary>Sends the open batch now and waits until every event handed in is acknowledged (or rejected for
    /// good). Events sent meanwhile are waited for too.</summary>
    /// <exception cref="CxIngestException">The client gave up (it is faulted).</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfClosed();
            if (_open is not null)
            {
                await _session.WaitForRoomAsync(cancellationToken);
                SealOpen();
            }
        }
        finally
        {
            _gate.Release();
        }

        await _session.WhenSettledAsync(cancellationToken);
    }

    /// <summary>Closes the streams. Whatever is still unacknowledged is abandoned: flush first to wait for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_session.Unsettled > 0)
        {
            _session.Cancel(fault: null);
        }

        // With nothing outstanding the streams complete their calls and end; otherwise they were cancelled.
        _session.CompleteQueue();
        await _gate.WaitAsync();
        if (_open is { } open)
        {
            _open = null;
            _session.Abandoned(new OutgoingBatch(open, _openNumber));
        }

        _gate.Release();
        if (!await Completes(Task.WhenAll(_running), Options.AckTimeout))
        {
            _session.Cancel(fault: null);
            await Task.WhenAll(_running);
        }

        foreach (var stream in _streams)
        {
            stream.Dispose();
        }

        foreach (var channel in _ownedChannels)
        {
            channel.Dispose();
        }

        _session.Dispose();
    }

    private static async Task<bool> Completes(Task task, TimeSpan timeout)
    {
        await Task.WhenAny(task, Task.Delay(timeout));
        return task.IsCompleted;
    }

    private ChannelBase Channel(CxIngestClientOptions options, Uri endpoint)
    {
        if (options.ChannelFactory is { } factory)
        {
            return factory(endpoint);
        }

        var channel = CreateChannel(endpoint);
        _ownedChannels.Add(channel);
        return channel;
    }

    private static async Task RunStreamAsync(IngestStream stream)
    {
        try
        {
            await stream.RunAsync();
        }
        catch (Exception)
        {
            // The stream has faulted the session: one stream giving up ends the client, as the others would only
            // hit the same wall. Callers see the fault on their next call.
        }
    }

    private async ValueTask AddAsync(InteractionEvent? interaction, QueueEvent? queueEvent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfClosed();
            var count = _open is null ? 0 : _open.Events.Count + _open.QueueEvents.Count;
            var fills = count + 1 >= Options.MaxBatchSize || Options.Linger == TimeSpan.Zero;
            if (fills)
            {
                // Room first: if the wait is cancelled, the event was never taken.
                await _session.WaitForRoomAsync(cancellationToken);
            }

            if (_open is null)
            {
                _openNumber = Interlocked.Increment(ref _batchNumber);
                _open = new EventBatch { BatchId = BatchId(_openNumber) };
                _session.Track(1);
                if (!fills)
                {
                    _ = SealAfterLingerAsync(_open);
                }
            }

            if (interaction is not null)
            {
                _open.Events.Add(interaction);
            }
            else
            {
                _open.QueueEvents.Add(queueEvent);
            }

            if (fills)
            {
                SealOpen();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends a batch that is not full once it has lingered, unless it went out full before.</summary>
    private async Task SealAfterLingerAsync(EventBatch batch)
    {
        var abort = _session.Abort;
        await Task.Delay(Options.Linger, abort).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _gate.WaitAsync(abort);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (ReferenceEquals(_open, batch))
            {
                await _session.WaitForRoomAsync(abort);
                SealOpen();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or CxIngestException)
        {
            // Disposed or faulted meanwhile: the open batch is abandoned there.
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Queues the open batch; the caller holds the gate and a room slot.</summary>
    private void SealOpen()
    {
        var batch = _open!;
        _open = null;
        _session.Enqueue(new OutgoingBatch(batch, _openNumber));
    }

    private string BatchId(long number) => string.Create(CultureInfo.InvariantCulture, $"{Options.BatchIdPrefix}-{number}");

    private void ThrowIfClosed()
    {
        _session.ThrowIfFaulted();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
    }
}
