using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CxGrains.LoadGen.Cli;

/// <summary>
/// Parses cx-loadgen's command line. Hand-written on purpose: System.CommandLine is not among the
/// project's packages, and a dozen options do not need it. Every error names the option, the value and
/// what is accepted.
/// </summary>
public static class CommandLineParser
{
    /// <summary>Duration when neither <c>--duration</c> nor <c>--events</c> is given.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "--allow-large", "--submit", "--no-resend", "--track-acked", "--quiet", "--help", "-h",
    };

    private static readonly HashSet<string> Valued = new(StringComparer.Ordinal)
    {
        "--url", "--target", "--api-key", "--customers", "--touchpoints", "--zipf", "--seed", "--run-id", "--rate", "--duration",
        "--events", "--queue-share", "--streams", "--batch", "--in-flight", "--reconnect-attempts", "--ack-timeout", "--drain", "--json",
    };

    // Validation messages name LoadOptions properties; the console speaks in flags.
    private static readonly Dictionary<string, string> FlagOfSetting = new(StringComparer.Ordinal)
    {
        [nameof(LoadOptions.Url)] = "--url",
        [nameof(LoadOptions.Targets)] = "--target",
        [nameof(LoadOptions.ApiKey)] = "--api-key",
        [nameof(SyntheticOptions.Customers)] = "--customers",
        [nameof(SyntheticOptions.Touchpoints)] = "--touchpoints",
        [nameof(SyntheticOptions.ZipfExponent)] = "--zipf",
        [nameof(SyntheticOptions.RunId)] = "--run-id",
        [nameof(SyntheticOptions.QueueShare)] = "--queue-share",
        [nameof(LoadOptions.Rate)] = "--rate",
        [nameof(LoadOptions.Duration)] = "--duration",
        [nameof(LoadOptions.TotalEvents)] = "--events",
        [nameof(LoadOptions.Streams)] = "--streams",
        [nameof(LoadOptions.BatchSize)] = "--batch",
        [nameof(LoadOptions.InFlight)] = "--in-flight",
        [nameof(LoadOptions.MaxReconnectAttempts)] = "--reconnect-attempts",
        [nameof(LoadOptions.AckTimeout)] = "--ack-timeout",
        [nameof(LoadOptions.DrainTimeout)] = "--drain",
    };

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out CommandLineOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = null;
        if (!TrySplit(args, out var values, out error))
        {
            return false;
        }

        if (values.ContainsKey("--help") || values.ContainsKey("-h"))
        {
            options = new CommandLineOptions { Load = new LoadOptions(), ShowHelp = true };
            return true;
        }

        try
        {
            options = Build(values);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }

        var errors = options.Load.Validate();
        if (errors.Count > 0)
        {
            error = string.Join(Environment.NewLine, errors.Select(e => $"{FlagOf(e.Setting)}: {e.Message}"));
            options = null;
            return false;
        }

        return true;
    }

    /// <summary>Parses a duration: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, a plain number of seconds, or <c>hh:mm:ss</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        var value = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return TryFromSeconds(amount * seconds, out duration);
            }
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            return TryFromSeconds(plain, out duration);
        }

        return value.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration);
    }

    /// <summary>Parses a count with an optional <c>k</c> (thousand) or <c>m</c> (million) suffix.</summary>
    public static bool TryParseCount(string text, out long count)
    {
        ArgumentNullException.ThrowIfNull(text);
        count = 0;
        if (!TryParseScaled(text, out var value) || value != Math.Floor(value) || Math.Abs(value) >= 9e18)
        {
            return false;
        }

        count = (long)value;
        return true;
    }

    private static bool TryParseScaled(string text, out double value)
    {
        var trimmed = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        var scale = 1.0;
        if (trimmed.EndsWith('k') || trimmed.EndsWith('K'))
        {
            scale = 1e3;
            trimmed = trimmed[..^1];
        }
        else if (trimmed.EndsWith('m') || trimmed.EndsWith('M'))
        {
            scale = 1e6;
            trimmed = trimmed[..^1];
        }

        var ok = double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        value *= scale;
        return ok;
    }

    private static bool TryFromSeconds(double seconds, out TimeSpan duration)
    {
        duration = default;
        if (!double.IsFinite(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool TrySplit(IReadOnlyList<string> args, out Dictionary<string, string?> values, [NotNullWhen(false)] out string? error)
    {
        values = new Dictionary<string, string?>(StringComparer.Ordinal);
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }

            if (Flags.Contains(name))
            {
                if (value is not null)
                {
                    error = $"{name} takes no value (got '{arg}')";
                    return false;
                }
            }
            else if (Valued.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    {
                        error = $"{name} needs a value";
                        return false;
                    }

                    value = args[++i];
                }
            }
            else
            {
                error = name.StartsWith('-') ? $"unknown option '{name}'" : $"unexpected argument '{arg}'";
                return false;
            }

            if (!values.TryAdd(name, value))
            {
                error = $"{name} is given more than once";
                return false;
            }
        }

        return true;
    }

    private static CommandLineOptions Build(Dictionary<string, string?> values)
    {
        var defaults = new LoadOptions();
        var synthetic = defaults.Synthetic;
        string? Text(string name) => values.GetValueOrDefault(name);
        bool Flag(string name) => values.ContainsKey(name);

        var allowLarge = Flag("--allow-large");
        var batch = Int("--batch", Text("--batch"), defaults.BatchSize);
        if (batch > LoadOptions.MaxBatchSize && !allowLarge)
        {
            throw new FormatException(
                $"--batch: {batch} events per batch is over {LoadOptions.MaxBatchSize}; such batches cross the 85 KB " +
                "large-object threshold on both ends — pass --allow-large to send them anyway");
        }

        var duration = Duration("--duration", Text("--duration"));
        var events = Count("--events", Text("--events"));
        if (duration is null && events is null)
        {
            duration = DefaultDuration;
        }

        if (Flag("--url") && Flag("--target"))
        {
            throw new FormatException("--url and --target both name the ingest service; give one (--target takes a comma-separated list)");
        }

        var load = defaults with
        {
            Url = Url("--url", Text("--url")) ?? defaults.Url,
            Targets = Targets(Text("--target")),
            ApiKey = Text("--api-key") ?? defaults.ApiKey,
            Synthetic = synthetic with
            {
                Customers = Int("--customers", Text("--customers"), synthetic.Customers),
                Touchpoints = Int("--touchpoints", Text("--touchpoints"), synthetic.Touchpoints),
                ZipfExponent = Number("--zipf", Text("--zipf")) ?? synthetic.ZipfExponent,
                Seed = Count("--seed", Text("--seed")) ?? synthetic.Seed,
                RunId = Text("--run-id") ?? synthetic.RunId,
                QueueShare = Number("--queue-share", Text("--queue-share")) ?? synthetic.QueueShare,
            },
            Rate = Number("--rate", Text("--rate")) ?? defaults.Rate,
            Duration = duration,
            TotalEvents = events,
            Streams = Int("--streams", Text("--streams"), defaults.Streams),
            BatchSize = batch,
            AllowLargeBatches = allowLarge,
            InFlight = Int("--in-flight", Text("--in-flight"), defaults.InFlight),
            UseSubmit = Flag("--submit"),
            Resend = !Flag("--no-resend"),
            TrackAcked = Flag("--track-acked"),
            MaxReconnectAttempts = Int("--reconnect-attempts", Text("--reconnect-attempts"), defaults.MaxReconnectAttempts),
            AckTimeout = Duration("--ack-timeout", Text("--ack-timeout")) ?? defaults.AckTimeout,
            DrainTimeout = Duration("--drain", Text("--drain")) ?? defaults.DrainTimeout,
        };

        return new CommandLineOptions
        {
            Load = load,
            JsonPath = Text("--json") is { Length: > 0 } json ? json : null,
            Quiet = Flag("--quiet"),
        };
    }

    private static Uri? Url(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{name}: '{text}' is not an absolute http:// or https:// address (e.g. http://127.0.0.1:5000)");
        }

        return url;
    }

    private static Uri[] Targets(string? text)
    {
        if (text is null)
        {
            return [];
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0))
        {
            throw new FormatException($"--target: '{text}' has an empty address; separate addresses with single commas");
        }

        return [.. parts.Select(p => Url("--target", p)!)];
    }

    private static long? Count(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return TryParseCount(text, out var count)
            ? count
            : throw new FormatException($"{name}: '{text}' is not a whole number (e.g. 1000000, 250k or 1m)");
    }

    private static int Int(string name, string? text, int fallback)
    {
        var count = Count(name, text);
        if (count is null)
        {
            return fallback;
        }

        return count is >= int.MinValue and <= int.MaxValue
            ? (int)count
            : throw new FormatException($"{name}: {count} is too large (at most {int.MaxValue})");
    }

    private static double? Number(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return TryParseScaled(text, out var value)
            ? value
            : throw new FormatException($"{name}: '{text}' is not a number (e.g. 150000, 150k or 0.5)");
    }

    private static TimeSpan? Duration(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return TryParseDuration(text, out var duration)
            ? duration
            : throw new FormatException($"{name}: '{text}' is not a duration (e.g. 500ms, 30s, 5m, 1h or 00:01:30)");
    }

    private static string FlagOf(string setting) => FlagOfSetting.GetValueOrDefault(setting, setting);
}
