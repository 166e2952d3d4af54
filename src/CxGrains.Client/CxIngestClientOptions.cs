using System.Diagnostics.Metrics;
using Grpc.Core;

namespace CxGrains.Client;

/// <summary>
/// Settings of a <see cref="CxIngestClient"/>: where to send, how to batch, how much may be in flight and how
/// hard to try after a failure. <see cref="Validate"/> names every bad setting; the client refuses to start with one.
/// </summary>
public sealed record CxIngestClientOptions
{
    /// <summary>Largest batch the client builds or accepts (the server's own limit, <c>Cx:Ingest:MaxBatchEvents</c>,
    /// defaults to 1,000).</summary>
    public const int MaxBatchSizeLimit = 100_000;

    /// <summary>
    /// Ingest addresses (silos or front ends of one cluster), e.g. <c>http://127.0.0.1:5000</c>. Stream i starts at
    /// address i; a stream whose connection breaks moves to the next address and resends its unacknowledged batches there.
    /// </summary>
    public IReadOnlyList<Uri> Endpoints { get; init; } = [];

    /// <summary>Ingest API key, sent in the <c>x-api-key</c> header; empty sends no header.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary>Events (interaction and queue events together) per batch: a batch goes out when it is this full.</summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>How long a batch that is not full waits for more events before it goes out anyway.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Most batches sent and not yet acknowledged, per stream: the send window. When every window is full
    /// (and one more batch waits), <c>SendAsync</c> waits: backpressure.</summary>
    public int MaxInFlightBatches { get; init; } = 8;

    /// <summary>Concurrent bidirectional <c>Stream</c> calls; they share the batches and spread over the endpoints.</summary>
    public int Streams { get; init; } = 1;

    /// <summary>
    /// After a dropped stream, reconnect and resend every unacknowledged batch with the same batch id and the same
    /// events; events rejected as <c>UNAVAILABLE</c> (valid, but not applied right now) go out again in a new batch
    /// after a backoff. Off: such batches are abandoned and such rejections reported as final.
    /// </summary>
    public bool Resend { get; init; } = true;

    /// <summary>Failed connection attempts in a row (none acknowledged anything) before the client gives up and faults.</summary>
    public int MaxReconnectAttempts { get; init; } = 10;

    /// <summary>First reconnect (and <c>UNAVAILABLE</c> resend) delay; doubles per attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest reconnect (and <c>UNAVAILABLE</c> resend) delay.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A batch unacknowledged for this long marks its stream as stuck: the stream is dropped and its batches
    /// resent on a new one.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Prefix of the batch ids the client makes (<c>{prefix}-{n}</c>); a random one by default. Batches
    /// handed in whole keep their own ids.</summary>
    public string BatchIdPrefix { get; init; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Makes the gRPC channel for an endpoint (TLS settings, custom handlers, test servers). The client then leaves
    /// the channels' lifetime to the caller. Null: the client makes and disposes its own (HTTP/2, keep-alive pings).
    /// </summary>
    public Func<Uri, ChannelBase>? ChannelFactory { get; init; }

    /// <summary>Creates the client's meter (<c>CxGrains.Client</c>), e.g. from dependency injection; null: the client
    /// creates and disposes its own.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>Problems with the settings, if any; each names the property.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Endpoints is null || Endpoints.Count == 0)
        {
            errors.Add($"{nameof(Endpoints)}: at least one ingest address is needed");
        }
        else
        {
            foreach (var endpoint in Endpoints)
            {
                if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"{nameof(Endpoints)}: must be absolute http:// or https:// addresses (got '{endpoint}')");
                }
            }

            if (Endpoints.Count > 64)
            {
                errors.Add($"{nameof(Endpoints)}: at most 64 addresses (got {Endpoints.Count})");
            }
        }

        if (ApiKey is null || ApiKey.Any(c => c < 0x20 || c > 0x7E))
        {
            errors.Add($"{nameof(ApiKey)}: must be printable ASCII (it travels in an HTTP header)");
        }

        if (MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            errors.Add($"{nameof(MaxBatchSize)}: must be between 1 and {MaxBatchSizeLimit} (got {MaxBatchSize})");
        }

        if (Linger < TimeSpan.Zero || Linger > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{nameof(Linger)}: must be between 0 and 1 minute (got {Linger})");
        }

        if (MaxInFlightBatches is < 1 or > 1024)
        {
            errors.Add($"{nameof(MaxInFlightBatches)}: must be between 1 and 1024 (got {MaxInFlightBatches})");
        }

        if (Streams is < 1 or > 256)
        {
            errors.Add($"{nameof(Streams)}: must be between 1 and 256 (got {Streams})");
        }

        if (MaxReconnectAttempts < 0)
        {
            errors.Add($"{nameof(MaxReconnectAttempts)}: must be ≥ 0 (got {MaxReconnectAttempts})");
        }

        if (ReconnectDelay < TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
        {
            errors.Add($"{nameof(ReconnectDelay)}: must be ≥ 0 and at most {nameof(MaxReconnectDelay)} (got {ReconnectDelay} and {MaxReconnectDelay})");
        }

        if (AckTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(AckTimeout)}: must be positive (got {AckTimeout})");
        }

        if (string.IsNullOrEmpty(BatchIdPrefix) || BatchIdPrefix.Length > 64 || BatchIdPrefix.Any(char.IsControl))
        {
            errors.Add($"{nameof(BatchIdPrefix)}: must be 1–64 characters without control characters (batch ids are at most 128)");
        }

        return errors;
    }

    /// <summary>Delay before attempt <paramref name="attempt"/> (1, 2, …): exponential, with ±20 % jitter so that
    /// streams do not come back in lock-step to a restarting server.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var exponential = ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        var capped = Math.Min(exponential, MaxReconnectDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
