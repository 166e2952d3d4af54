using System.Globalization;

namespace CxGrains.Bench;

/// <summary>
/// One reading of a silo's Prometheus endpoint (<c>GET /metrics</c>): every sample, with the
/// helpers the benchmark needs to turn two readings into a run's cost (sums over labels, sums per
/// label value). Metrics the host does not export read as absent, never as zero.
/// </summary>
public sealed class SiloCounters
{
    /// <summary>Process CPU time, seconds, by <c>cpu_mode</c> (user, system): the sum is the process's CPU time.</summary>
    public const string CpuSeconds = "dotnet_process_cpu_time_seconds_total";

    /// <summary>Bytes allocated on the managed heap since the process started.</summary>
    public const string AllocatedBytes = "dotnet_gc_heap_total_allocated_bytes_total";

    /// <summary>Time the process was paused for garbage collections, seconds.</summary>
    public const string GcPauseSeconds = "dotnet_gc_pause_time_seconds_total";

    /// <summary>Garbage collections by <see cref="GenerationLabel"/>.</summary>
    public const string GcCollections = "dotnet_gc_collections_total";

    /// <summary>The label of <see cref="GcCollections"/> naming the generation (gen0, gen1, gen2).</summary>
    public const string GenerationLabel = "gc_heap_generation";

    /// <summary>Ack mode durable: group commits of the silo's event journal.</summary>
    public const string JournalCommits = "cx_journal_commits_total";

    /// <summary>Ack mode durable: bytes of event payload the silo's journal committed.</summary>
    public const string JournalPayloadBytes = "cx_journal_payload_bytes_total";

    /// <summary>Times a thread waited for a monitor lock another thread held.</summary>
    public const string LockContentions = "dotnet_monitor_lock_contentions_total";

    /// <summary>The buckets of the silo's histogram of single GC pauses (<c>CxGrains.Runtime</c>), seconds.</summary>
    public const string GcPauseBuckets = "cx_gc_pause_duration_seconds_bucket";

    private readonly List<PrometheusSample> _samples;

    private SiloCounters(List<PrometheusSample> samples) => _samples = samples;

    /// <summary>Every sample of the reading, in the order the endpoint wrote them.</summary>
    public IReadOnlyList<PrometheusSample> Samples => _samples;

    /// <summary>Reads <c>/metrics</c> of the silo at <paramref name="httpUrl"/> (with the reader key, should the endpoint ask for one).</summary>
    public static async Task<SiloCounters> ScrapeAsync(HttpClient http, Uri httpUrl, string readerKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(httpUrl, "/metrics"));
        request.Headers.Add("x-api-key", readerKey);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Parses Prometheus text exposition (numbers in the invariant format, whatever the current culture).</summary>
    /// <exception cref="FormatException">A sample line that is not <c>name{labels} value [timestamp]</c>.</exception>
    public static SiloCounters Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new SiloCounters(samples);
    }

    /// <summary>The sum of every sample of <paramref name="metric"/> over all its labels; null when the metric is absent.</summary>
    public double? Sum(string metric)
    {
        double? sum = null;
        foreach (var sample in _samples)
        {
            if (sample.Name == metric)
            {
                sum = (sum ?? 0) + sample.Value;
            }
        }

        return sum;
    }

    /// <summary>The samples of <paramref name="metric"/> summed per value of <paramref name="label"/> (empty when absent).</summary>
    public IReadOnlyDictionary<string, double> SumBy(string metric, string label)
    {
        var sums = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in _samples)
        {
            if (sample.Name == metric && sample.Labels.TryGetValue(label, out var value))
            {
                sums[value] = sums.GetValueOrDefault(value) + sample.Value;
            }
        }

        return sums;
    }

    /// <summary>
    /// The upper bound of the bucket that holds the largest value a histogram observed between
    /// <paramref name="earlier"/> and this reading (its <c>_bucket</c> series, cumulative by <c>le</c>); null when
    /// it observed nothing, is not exported, or the value lies beyond its last finite bound.
    /// </summary>
    public double? LargestObservationBound(string bucketMetric, SiloCounters earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var then = earlier.SumBy(bucketMetric, "le");
        var buckets = SumBy(bucketMetric, "le")
            .Select(b => (Bound: ParseValue(b.Key, b.Key), Count: b.Value - then.GetValueOrDefault(b.Key)))
            .OrderBy(b => b.Bound)
            .ToList();
        if (buckets.Count == 0 || buckets[^1].Count <= 0)
        {
            return null;
        }

        // Cumulative: the first bucket holding every observation holds the largest.
        var bound = buckets.First(b => b.Count >= buckets[^1].Count).Bound;
        return double.IsFinite(bound) ? bound : null;
    }

    private static PrometheusSample ParseSample(string line)
    {
        var nameEnd = line.IndexOfAny(['{', ' ', '\t']);
        if (nameEnd <= 0)
        {
            throw new FormatException($"Not a Prometheus sample: '{line}'.");
        }

        var name = line[..nameEnd];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = nameEnd;
        if (line[position] == '{')
        {
            position = ParseLabels(line, position + 1, labels);
        }

        // The value, then an optional timestamp.
        var fields = line[position..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > 2)
        {
            throw new FormatException($"Not a Prometheus sample: '{line}'.");
        }

        return new PrometheusSample(name, labels, ParseValue(fields[0], line));
    }

    /// <summary>Reads <c>name="value",…}</c> from <paramref name="start"/>; returns the position after the closing brace.</summary>
    private static int ParseLabels(string line, int start, Dictionary<string, string> labels)
    {
        var position = start;
        while (true)
        {
            while (position < line.Length && line[position] is ' ' or ',')
            {
                position++;
            }

            if (position < line.Length && line[position] == '}')
            {
                return position + 1;
            }

            var equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                throw new FormatException($"Malformed labels in '{line}'.");
            }

            var labelName = line[position..equals].Trim();
            var value = new System.Text.StringBuilder();
            position = equals + 2;
            for (; position < line.Length && line[position] != '"'; position++)
            {
                // Escapes in label values: \\, \" and \n.
                if (line[position] == '\\' && position + 1 < line.Length)
                {
                    position++;
                    value.Append(line[position] == 'n' ? '\n' : line[position]);
                }
                else
                {
                    value.Append(line[position]);
                }
            }

            if (position >= line.Length)
            {
                throw new FormatException($"Unterminated label value in '{line}'.");
            }

            labels[labelName] = value.ToString();
            position++;
        }
    }

    private static double ParseValue(string text, string line) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Not a number: '{text}' in '{line}'."),
    };
}
