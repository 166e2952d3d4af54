using System.CommandLine;
using System.CommandLine.Help;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CxGrains.Admin.Cli;

/// <summary>
/// cx-admin's command line, defined with System.CommandLine: one subcommand per operation, each with its
/// connection options. Every error names the flag and the value.
/// </summary>
public sealed class AdminCommandLine
{
    /// <summary>The environment variable read for the API key when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyVariable = "CX_API_KEY";

    /// <summary>Time between status reads of <c>recompute --wait</c> when <c>--poll</c> is not given.</summary>
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromSeconds(2);

    private const string Epilogue = $"""
        The API key is an admin key; without --api-key it is read from {ApiKeyVariable}.
        Exit codes: 0 done (with --wait: the run succeeded); 1 the run failed or the server refused the request;
                    2 invalid arguments or no API key; 3 the server could not be reached.
        """;

    // Values are taken as typed: no @file response-file expansion (an API key may start with '@').
    private static readonly ParserConfiguration Literal = new() { ResponseFileTokenReplacer = null };

    private readonly RootCommand _root = new("cx-admin — administers a CxGrains cluster over its AdminService (gRPC).");

    private readonly Connection _recomputeConnection = new();

    private readonly Option<DateTimeOffset> _from = Valued<DateTimeOffset>(
        "--from",
        "time",
        "Rebuild the customers journaled at or after this ISO-8601 time (2026-11-30T08:00:00Z; without an offset it is UTC)",
        TryParseTime,
        "an ISO-8601 time (e.g. 2026-11-30, 2026-11-30T08:00:00Z or 2026-11-30T09:00:00+01:00)");

    private readonly Option<bool> _wait = new("--wait") { Description = "Follow the run, printing its progress, until it ends", Arity = ArgumentArity.Zero };

    private readonly Option<TimeSpan> _poll = Valued<TimeSpan>(
        "--poll", "seconds", "With --wait: seconds between status reads (default 2)", TryParsePoll, "a number of seconds above 0 (e.g. 2 or 0.5)");

    private readonly Connection _statusConnection = new();

    private readonly Option<Guid> _id = Valued<Guid>(
        "--id", "id", "The run's id, as recompute printed it", Guid.TryParse, "a run id (a GUID as recompute prints it)");

    private readonly Command _recompute;

    private readonly Command _status;

    // One instance per parse: System.CommandLine's symbols are not documented as safe to share across threads.
    private AdminCommandLine()
    {
        _from.Required = true;
        _id.Required = true;
        _recompute = new Command("recompute", "Start a recompute from the event journal (ack mode durable) and print its id")
        {
            _from, _recomputeConnection.Url, _recomputeConnection.ApiKey, _wait, _poll,
        };
        _status = new Command("recompute-status", "Print a recompute run's status once")
        {
            _id, _statusConnection.Url, _statusConnection.ApiKey,
        };

        // Only cx-admin's own options: no --version, no [suggest] directive.
        _root.Options.Clear();
        _root.Directives.Clear();
        _root.Options.Add(new HelpOption());
        _root.Subcommands.Add(_recompute);
        _root.Subcommands.Add(_status);
    }

    private delegate bool TryParseValue<T>(string text, out T value);

    /// <summary>
    /// Parses <paramref name="args"/>; the API key falls back to <see cref="ApiKeyVariable"/> read through
    /// <paramref name="environment"/>. On failure <paramref name="error"/> says what is wrong, one problem a line.
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args,
        Func<string, string?> environment,
        [NotNullWhen(true)] out AdminRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var commandLine = new AdminCommandLine();
        var parsed = commandLine._root.Parse(args, Literal);
        if (parsed.Action is HelpAction)
        {
            request = new AdminRequest { Verb = AdminVerb.Help, HelpArguments = [.. args] };
            error = null;
            return true;
        }

        var errors = parsed.Errors.Select(e => e.Message).ToList();
        request = errors.Count == 0 ? commandLine.Bind(parsed, environment, errors) : null;
        error = request is null ? string.Join(Environment.NewLine, errors) : null;
        return request is not null;
    }

    /// <summary>Writes the help that <paramref name="args"/> (which include <c>--help</c>) ask for, then the exit codes.</summary>
    public static void WriteHelp(IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        new AdminCommandLine()._root.Parse(args, Literal).Invoke(new InvocationConfiguration { Output = output });
        output.WriteLine(Epilogue);
    }

    /// <summary>Parses an ISO-8601 date or date and time; one without an offset is UTC.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);

    private static bool TryParsePoll(string text, out TimeSpan poll)
    {
        poll = default;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is not (> 0 and <= 3600))
        {
            return false;
        }

        poll = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool TryParseUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    // An option with one value read by parse; a value it rejects gives an error naming the flag, the value and what is accepted.
    private static Option<T> Valued<T>(string name, string valueName, string description, TryParseValue<T> parse, string expected) =>
        new(name)
        {
            Description = description,
            HelpName = valueName,
            CustomParser = result =>
            {
                if (result.Tokens is not [var token])
                {
                    result.AddError($"{name} needs a value");
                    return default;
                }

                if (parse(token.Value, out var value))
                {
                    return value;
                }

                result.AddError($"{name}: '{token.Value}' is not {expected}");
                return default;
            },
        };

    private AdminRequest? Bind(ParseResult parsed, Func<string, string?> environment, List<string> errors)
    {
        var isRecompute = parsed.CommandResult.Command == _recompute;
        var connection = isRecompute ? _recomputeConnection : _statusConnection;
        var apiKey = parsed.GetValue(connection.ApiKey) ?? environment(ApiKeyVariable);
        if (string.IsNullOrEmpty(apiKey))
        {
            errors.Add($"no API key: pass {connection.ApiKey.Name} or set {ApiKeyVariable} (an admin key)");
        }

        var wait = isRecompute && parsed.GetValue(_wait);
        if (isRecompute && !wait && parsed.GetResult(_poll) is not null)
        {
            errors.Add($"{_poll.Name} only applies with {_wait.Name}");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new AdminRequest
        {
            Verb = isRecompute ? AdminVerb.Recompute : AdminVerb.RecomputeStatus,
            Url = parsed.GetValue(connection.Url)!,
            ApiKey = apiKey!,
            From = isRecompute ? parsed.GetValue(_from) : default,
            Wait = wait,
            Poll = parsed.GetResult(_poll) is null ? DefaultPoll : parsed.GetValue(_poll),
            RunId = isRecompute ? default : parsed.GetValue(_id),
        };
    }

    // Every command takes the host's address and key; each needs its own option instances.
    private sealed class Connection
    {
        public Option<Uri> Url { get; } = Valued<Uri>(
            "--url", "url", "The host's gRPC address (http://127.0.0.1:5000; plain-text HTTP/2 allowed)", TryParseUrl,
            "an absolute http:// or https:// address (e.g. http://127.0.0.1:5000)");

        public Option<string> ApiKey { get; } = new("--api-key")
        {
            Description = $"An admin API key, sent as x-api-key (default: the {ApiKeyVariable} environment variable)",
            HelpName = "key",
        };

        public Connection() => Url.Required = true;
    }
}
