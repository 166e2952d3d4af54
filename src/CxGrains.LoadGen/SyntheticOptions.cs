using System.Buffers;

namespace CxGrains.LoadGen;

/// <summary>Shape of the synthetic world: how many customers and touchpoints, how skewed, which payloads.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Longest accepted <see cref="RunId"/>; keeps event ids far below the contract's 128 characters.</summary>
    public const int MaxRunIdLength = 64;

    private static readonly SearchValues<char> RunIdChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>Distinct customers (ids <c>cust-1</c> … <c>cust-N</c>, most active first). Default 1,000,000.</summary>
    public int Customers { get; init; } = 1_000_000;

    /// <summary>Distinct touchpoints, spread over all channels and journey stages. Default 200.</summary>
    public int Touchpoints { get; init; } = 200;

    /// <summary>Zipf exponent of customer activity (1.0 ≈ the classic 80/20 web skew; 0 is uniform).</summary>
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary>
    /// Customers in turn instead of sampled: event <c>n</c> goes to customer <c>n mod N + 1</c>, so any
    /// <see cref="Customers"/> consecutive events reach every customer exactly once (a warm-up pass
    /// that activates all of them). Meant without queue events: a batch's queue share skips its part
    /// of the turn. Default false.
    /// </summary>
    public bool CustomersInTurn { get; init; }

    /// <summary>Seed of every random choice: the same seed gives the same customers, touchpoints and events.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>
    /// Share of each batch sent as contact-centre queue events (offered, answered, ended) instead of
    /// interaction events, 0–0.9. Default 0.
    /// </summary>
    public double QueueShare { get; init; }

    /// <summary>Payload shares.</summary>
    public PayloadMix Mix { get; init; } = PayloadMix.Default;

    /// <summary>Events are stamped "now" minus a uniform jitter in [0, this), as channels report with small delays.</summary>
    public TimeSpan OccurredAtJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Prefix of event and batch ids (<c>{RunId}-{sequence}</c>). Null picks a random one, so that runs
    /// against the same cluster do not collide; set it to replay a run's events exactly.
    /// </summary>
    public string? RunId { get; init; }

    /// <summary>Problems with the settings, if any.</summary>
    public IEnumerable<OptionError> Validate()
    {
        if (Customers < 1)
        {
            yield return new OptionError(nameof(Customers), $"must be at least 1 (got {Customers})");
        }

        if (Touchpoints < 1)
        {
            yield return new OptionError(nameof(Touchpoints), $"must be at least 1 (got {Touchpoints})");
        }

        if (!(ZipfExponent >= 0 && ZipfExponent <= 10))
        {
            yield return new OptionError(nameof(ZipfExponent), $"must be between 0 and 10 (got {ZipfExponent})");
        }

        if (OccurredAtJitter < TimeSpan.Zero || OccurredAtJitter > TimeSpan.FromHours(1))
        {
            yield return new OptionError(nameof(OccurredAtJitter), $"must be between 0 and 1 hour (got {OccurredAtJitter})");
        }

        if (RunId is not null
            && (RunId.Length is 0 or > MaxRunIdLength || RunId.AsSpan().ContainsAnyExcept(RunIdChars)))
        {
            yield return new OptionError(
                nameof(RunId),
                $"must be 1–{MaxRunIdLength} characters of letters, digits, '.', '_' or '-' (got '{RunId}')");
        }

        if (!(QueueShare >= 0 && QueueShare <= 0.9))
        {
            yield return new OptionError(nameof(QueueShare), $"must be between 0 and 0.9 (got {QueueShare})");
        }

        foreach (var error in Mix.Validate())
        {
            yield return error;
        }
    }
}
