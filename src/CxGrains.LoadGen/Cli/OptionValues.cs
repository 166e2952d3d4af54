using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CxGrains.LoadGen.Cli;

/// <summary>
/// The value syntax of cx-loadgen's options — counts with <c>k</c>/<c>m</c> suffixes, durations with units,
/// http(s) addresses — as System.CommandLine options whose every error names the option, the value and what
/// is accepted; and the parse both cx-loadgen and the benchmark use.
/// </summary>
public static class OptionValues
{
    /// <summary>Values are taken as typed: no <c>@file</c> response-file expansion (an API key or a note may start with '@').</summary>
    public static ParserConfiguration Literal { get; } = new() { ResponseFileTokenReplacer = null };

    /// <summary>
    /// Parses <paramref name="args"/> as typed; <paramref name="errors"/> lists every problem in command-line
    /// order (System.CommandLine reports the last option's first).
    /// </summary>
    public static ParseResult ParseInOrder(Command command, IReadOnlyList<string> args, out List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parsed = command.Parse(args, Literal);
        var tokens = parsed.Tokens.ToList();
        errors = parsed.Errors
            .OrderBy(e => e.SymbolResult is OptionResult { IdentifierToken: { } flag } ? tokens.IndexOf(flag) : int.MaxValue)
            .Select(e => e.Message)
            .ToList();
        return parsed;
    }

    /// <summary>Writes <paramref name="command"/>'s help to <paramref name="output"/>.</summary>
    public static void WriteHelp(Command command, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parse(["--help"], Literal).Invoke(new InvocationConfiguration { Output = output });
    }

    /// <summary>An option that takes one value, read by <paramref name="parse"/> (which throws
    /// <see cref="FormatException"/> with the whole message when the value is wrong).</summary>
    public static Option<T> Valued<T>(string name, string valueName, string description, Func<string, string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new Option<T>(name)
        {
            Description = description,
            HelpName = valueName,
            // Zero or one: with exactly one, System.CommandLine would take a following option as the value;
            // this way a missing value reaches the parser below and gets a message that says so.
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = result =>
            {
                if (result.Tokens is not [var token] || LooksLikeOption(token.Value))
                {
                    result.AddError($"{name} needs a value");
                    return default!;
                }

                try
                {
                    return parse(name, token.Value);
                }
                catch (FormatException exception)
                {
                    result.AddError(exception.Message);
                    return default!;
                }
            },
        };
    }

    /// <summary>An on/off switch: present or absent, never given a value.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An absolute http:// or https:// address.</summary>
    public static Uri Url(string name, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{name}: '{text}' is not an absolute http:// or https:// address (e.g. http://127.0.0.1:5000)");
        }

        return url;
    }

    /// <summary>A comma-separated list of <see cref="Url"/>s.</summary>
    public static IReadOnlyList<Uri> Urls(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0))
        {
            throw new FormatException($"{name}: '{text}' has an empty address; separate addresses with single commas");
        }

        return [.. parts.Select(p => Url(name, p))];
    }

    /// <summary>A whole number, <c>250k</c> and <c>1m</c> allowed.</summary>
    public static long Count(string name, string text) =>
        TryParseCount(text, out var count)
            ? count
            : throw new FormatException($"{name}: '{text}' is not a whole number (e.g. 1000000, 250k or 1m)");

    /// <summary>A <see cref="Count"/> that fits an <see cref="int"/>.</summary>
    public static int IntCount(string name, string text)
    {
        var count = Count(name, text);
        return count is >= int.MinValue and <= int.MaxValue
            ? (int)count
            : throw new FormatException($"{name}: {count} is too large (at most {int.MaxValue})");
    }

    /// <summary>A finite number, <c>150k</c> allowed.</summary>
    public static double Number(string name, string text) =>
        TryParseScaled(text, out var value)
            ? value
            : throw new FormatException($"{name}: '{text}' is not a number (e.g. 150000, 150k or 0.5)");

    /// <summary>A duration in the syntax of <see cref="TryParseDuration"/>.</summary>
    public static TimeSpan Duration(string name, string text) =>
        TryParseDuration(text, out var duration)
            ? duration
            : throw new FormatException($"{name}: '{text}' is not a duration (e.g. 500ms, 30s, 5m, 1h or 00:01:30)");

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

    // Like the hand-written parser before it: a value that is itself a long option means the value was left out.
    private static bool LooksLikeOption(string value) => value.StartsWith("--", StringComparison.Ordinal) && value.Length > 2;

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
}
