namespace CxGrains.LoadGen;

/// <summary>Everything a load run needs: where to send, what to send, how fast and for how long.</summary>
public sealed record LoadOptions
{
    /// <summary>Largest batch allowed without <see cref="AllowLargeBatches"/>: ~900 events of ~90 bytes stay
    /// under the 85 KB large-object threshold on both ends.</summary>
    public const int MaxBatchSize = 900;

    /// <summary>Largest batch allowed at all.</summary>
    public const int MaxLargeBatchSize = 100_000;

    /// <summary>Address of the ingest service. Plain-text HTTP/2 (<c>http://</c>) is allowed.</summary>
    public Uri Url { get; init; } = new("http://127.0.0.1:5000");

    /// <summary>
    /// Several ingest addresses (silos or front ends of one cluster); when set, <see cref="Url"/> is ignored.
    /// Streams are spread over them; a stream whose connection breaks moves to the next address and resends
    /// its unacknowledged batches there.
    /// </summary>
    public IReadOnlyList<Uri> Targets { get; init; } = [];

    /// <summary>The addresses the run sends to: <see cref="Targets"/>, or <see cref="Url"/> alone.</summary>
    public IReadOnlyList<Uri> EffectiveTargets => Targets.Count > 0 ? Targets : [Url];

    /// <summary>Ingest API key, sent in the <c>x-api-key</c> header; empty sends no header.</summary>
    public string ApiKey { get; init; } = "dev-ingest-key";

    /// <summary>The synthetic world and its events.</summary>
    public SyntheticOptions Synthetic { get; init; } = new();

    /// <summary>Target rate in events per second over all streams; 0 sends as fast as acks allow.</summary>
    public double Rate { get; init; }

    /// <summary>Stop sending after this long; null for no time limit.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop after this many events; null for no count limit. With neither limit the run lasts
    /// until its cancellation token fires.</summary>
    public long? TotalEvents { get; init; }

    /// <summary>Concurrent bidirectional <c>Stream</c> calls (or, with <see cref="UseSubmit"/>, unary senders).</summary>
    public int Streams { get; init; } = 4;

    /// <summary>Events per <c>EventBatch</c>.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Allows batches above <see cref="MaxBatchSize"/> (up to <see cref="MaxLargeBatchSize"/>).</summary>
    public bool AllowLargeBatches { get; init; }

    /// <summary>Most batches sent but not yet acknowledged, per stream: the send window.</summary>
    public int InFlight { get; init; } = 8;

    /// <summary>Sends with unary <c>Submit</c> calls (<see cref="InFlight"/> concurrent per sender) instead of streams.</summary>
    public bool UseSubmit { get; init; }

    /// <summary>After a dropped stream, reconnect and resend every unacknowledged batch with the same batch id
    /// and the same events; events rejected as <c>UNAVAILABLE</c> (valid, but not applied right now) are sent
    /// again in a new batch after a backoff. Off: such batches are counted as unacknowledged and dropped, and
    /// such events stay rejected.</summary>
    public bool Resend { get; init; } = true;

    /// <summary>Counts acknowledged events per customer and per touchpoint (to prove exactly-once). Costs speed.</summary>
    public bool TrackAcked { get; init; }

    /// <summary>Failed connection attempts in a row (none acknowledged anything) before the run gives up.</summary>
    public int MaxReconnectAttempts { get; init; } = 10;

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A batch unacknowledged for this long marks its stream as stuck: the stream is dropped and its
    /// batches resent on a new one (a unary call gets this deadline).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for outstanding acks once sending has stopped.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Problems with the settings, if any; each names the property.</summary>
    public IReadOnlyList<OptionError> Validate()
    {
        var errors = new List<OptionError>();
        foreach (var target in EffectiveTargets)
        {
            if (target is null || !target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add(new(Targets.Count > 0 ? nameof(Targets) : nameof(Url), $"must be an absolute http:// or https:// address (got '{target}')"));
            }
        }

        if (Targets.Count > 64)
        {
            errors.Add(new(nameof(Targets), $"at most 64 addresses (got {Targets.Count})"));
        }

        if (ApiKey.Any(c => c < 0x20 || c > 0x7E))
        {
            errors.Add(new(nameof(ApiKey), "must be printable ASCII (it travels in an HTTP header)"));
        }

        errors.AddRange(Synthetic.Validate());

        if (!(Rate >= 0) || double.IsInfinity(Rate))
        {
            errors.Add(new(nameof(Rate), $"must be a finite number of events per second ≥ 0, 0 meaning unlimited (got {Rate})"));
        }

        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            errors.Add(new(nameof(Duration), $"must be positive (got {duration})"));
        }

        if (TotalEvents is { } total && total <= 0)
        {
            errors.Add(new(nameof(TotalEvents), $"must be positive (got {total})"));
        }

        if (Streams is < 1 or > 256)
        {
            errors.Add(new(nameof(Streams), $"must be between 1 and 256 (got {Streams})"));
        }

        var maxBatch = AllowLargeBatches ? MaxLargeBatchSize : MaxBatchSize;
        if (BatchSize < 1 || BatchSize > maxBatch)
        {
            var hint = AllowLargeBatches || BatchSize < 1
                ? string.Empty
                : "; larger batches cross the 85 KB large-object threshold (allow them explicitly to go past it)";
            errors.Add(new(nameof(BatchSize), $"must be between 1 and {maxBatch} (got {BatchSize}){hint}"));
        }

        if (InFlight is < 1 or > 1024)
        {
            errors.Add(new(nameof(InFlight), $"must be between 1 and 1024 (got {InFlight})"));
        }

        if (MaxReconnectAttempts < 0)
        {
            errors.Add(new(nameof(MaxReconnectAttempts), $"must be ≥ 0 (got {MaxReconnectAttempts})"));
        }

        if (ReconnectDelay < TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
        {
            errors.Add(new(nameof(ReconnectDelay), "must be ≥ 0 and at most MaxReconnectDelay"));
        }

        if (AckTimeout <= TimeSpan.Zero)
        {
            errors.Add(new(nameof(AckTimeout), $"must be positive (got {AckTimeout})"));
        }

        if (DrainTimeout < TimeSpan.Zero)
        {
            errors.Add(new(nameof(DrainTimeout), $"must be ≥ 0 (got {DrainTimeout})"));
        }

        if (ProgressInterval <= TimeSpan.Zero)
        {
            errors.Add(new(nameof(ProgressInterval), $"must be positive (got {ProgressInterval})"));
        }

        return errors;
    }
}
