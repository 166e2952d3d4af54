using System.CommandLine;
using System.CommandLine.Help;
using System.Diagnostics.CodeAnalysis;
using static CxGrains.LoadGen.Cli.OptionValues;

namespace CxGrains.LoadGen.Cli;

/// <summary>
/// cx-loadgen's command line, defined with System.CommandLine: the options with their value syntax and help,
/// then the rules between options and the run's own validation. Every error names the flag.
/// </summary>
public sealed class LoadGenCommandLine
{
    /// <summary>Duration when neither <c>--duration</c> nor <c>--events</c> is given.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);

    private const string Description =
        "cx-loadgen — streams realistic synthetic customer-experience events into a CxGrains ingest service.";

    private const string Epilogue = """
        Exit codes: 0 every batch acknowledged; 1 some batches never acknowledged; 2 invalid arguments;
                    3 the ingest service could not be reached or refused the run.
        Ctrl+C stops sending, waits for in-flight acks (up to --drain) and prints the summary; press it again to abort.
        """;

    private readonly Option<Uri> _url = Valued(
        "--url", "url", "Ingest service address (default http://127.0.0.1:5000; plain-text HTTP/2 allowed)", Url);

    private readonly Option<IReadOnlyList<Uri>> _targets = Valued(
        "--target",
        "url,url,...",
        "Several addresses of one cluster instead of --url: streams are spread over them, and a broken stream " +
        "moves to the next one and resends what was unacknowledged",
        Urls);

    private readonly Option<string> _apiKey = Valued(
        "--api-key", "key", "Ingest API key sent as x-api-key (default dev-ingest-key; \"\" sends none)", (_, text) => text);

    private readonly Option<int> _customers = Valued(
        "--customers", "n", "Distinct customers, Zipf-skewed activity (default 1000000; 250k and 1m work)", IntCount);

    private readonly Option<int> _touchpoints = Valued("--touchpoints", "n", "Distinct touchpoints over all channels (default 200)", IntCount);

    private readonly Option<double> _zipf = Valued("--zipf", "s", "Zipf exponent of customer activity (default 1.0; 0 is uniform)", Number);

    private readonly Option<bool> _inTurn = Flag(
        "--customers-in-turn", "Event n goes to customer n mod N + 1 instead of a sampled one: N events reach each customer once (warm-up)");

    private readonly Option<long> _seed = Valued("--seed", "n", "Seed of every random choice; same seed, same events (default 1)", Count);

    private readonly Option<double> _queueShare = Valued(
        "--queue-share",
        "f",
        "Share of each batch sent as queue events (offered, answered, ended contacts on phone and chat queues), 0–0.9 (default 0)",
        Number);

    private readonly Option<string> _runId = Valued(
        "--run-id", "id", "Prefix of event and batch ids (default random; reuse it to replay a run)", (_, text) => text);

    private readonly Option<double> _rate = Valued("--rate", "events/s", "Target rate over all streams (default 0 = as fast as acks allow)", Number);

    private readonly Option<TimeSpan> _duration = Valued(
        "--duration", "time", "Stop sending after this long: 500ms, 30s, 5m, 1h or hh:mm:ss (default 30s)", Duration);

    private readonly Option<long> _events = Valued("--events", "n", "Stop after n events (with --duration, whichever comes first)", Count);

    private readonly Option<int> _streams = Valued("--streams", "n", "Concurrent bidirectional streams (default 4)", IntCount);

    private readonly Option<int> _batch = Valued("--batch", "n", "Events per batch (default 500, at most 900 unless --allow-large)", IntCount);

    private readonly Option<bool> _allowLarge = Flag(
        "--allow-large", "Allow batches over 900 events (they cross the 85 KB large-object threshold)");

    private readonly Option<int> _inFlight = Valued("--in-flight", "n", "Batches sent ahead of their acks, per stream (default 8)", IntCount);

    private readonly Option<bool> _submit = Flag("--submit", "Use unary Submit calls (--in-flight concurrent per stream) instead of streams");

    private readonly Option<bool> _noResend = Flag(
        "--no-resend",
        "Do not resend unacknowledged batches after a dropped stream, nor events rejected as UNAVAILABLE " +
        "(by default they go out again in a new batch)");

    private readonly Option<int> _reconnectAttempts = Valued(
        "--reconnect-attempts", "n", "Failed connection attempts in a row before giving up (default 10)", IntCount);

    private readonly Option<TimeSpan> _ackTimeout = Valued(
        "--ack-timeout", "time", "A batch unacknowledged this long drops its stream for a resend (default 30s)", Duration);

    private readonly Option<TimeSpan> _drain = Valued(
        "--drain", "time", "How long to wait for outstanding acks after sending stops (default 10s)", Duration);

    private readonly Option<string> _json = Valued(
        "--json", "file", "Also write the summary as JSON (\"-\" for standard output)", (_, text) => text);

    private readonly Option<bool> _trackAcked = Flag(
        "--track-acked", "Count acknowledged events per customer and touchpoint (in the JSON)");

    private readonly Option<bool> _quiet = Flag("--quiet", "No progress line (progress goes to standard error once a second)");

    private readonly HelpOption _help = new();

    private readonly RootCommand _command = new(Description) { HelpName = "cx-loadgen" };

    // Validation messages name LoadOptions properties; the console speaks in flags.
    private readonly Dictionary<string, Option> _optionOfSetting;

    // One instance per parse: System.CommandLine's symbols are not documented as safe to share across threads.
    private LoadGenCommandLine()
    {
        // Only cx-loadgen's own options: no --version, no [suggest] directive.
        _command.Options.Clear();
        _command.Directives.Clear();
        Option[] options =
        [
            _url, _targets, _apiKey,
            _customers, _touchpoints, _zipf, _inTurn, _seed, _queueShare, _runId,
            _rate, _duration, _events, _streams, _batch, _allowLarge, _inFlight, _submit, _noResend, _reconnectAttempts,
            _ackTimeout, _drain,
            _json, _trackAcked, _quiet, _help,
        ];
        foreach (var option in options)
        {
            _command.Options.Add(option);
        }

        _optionOfSetting = new(StringComparer.Ordinal)
        {
            [nameof(LoadOptions.Url)] = _url,
            [nameof(LoadOptions.Targets)] = _targets,
            [nameof(LoadOptions.ApiKey)] = _apiKey,
            [nameof(SyntheticOptions.Customers)] = _customers,
            [nameof(SyntheticOptions.Touchpoints)] = _touchpoints,
            [nameof(SyntheticOptions.ZipfExponent)] = _zipf,
            [nameof(SyntheticOptions.RunId)] = _runId,
            [nameof(SyntheticOptions.QueueShare)] = _queueShare,
            [nameof(LoadOptions.Rate)] = _rate,
            [nameof(LoadOptions.Duration)] = _duration,
            [nameof(LoadOptions.TotalEvents)] = _events,
            [nameof(LoadOptions.Streams)] = _streams,
            [nameof(LoadOptions.BatchSize)] = _batch,
            [nameof(LoadOptions.InFlight)] = _inFlight,
            [nameof(LoadOptions.MaxReconnectAttempts)] = _reconnectAttempts,
            [nameof(LoadOptions.AckTimeout)] = _ackTimeout,
            [nameof(LoadOptions.DrainTimeout)] = _drain,
        };
    }

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong, one problem a line.</summary>
    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out CommandLineOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var commandLine = new LoadGenCommandLine();
        var parsed = ParseInOrder(commandLine._command, args, out var errors);
        if (parsed.GetResult(commandLine._help) is not null)
        {
            options = new CommandLineOptions { Load = new LoadOptions(), ShowHelp = true };
            error = null;
            return true;
        }

        options = errors.Count == 0 ? commandLine.Bind(parsed, errors) : null;
        error = options is null ? string.Join(Environment.NewLine, errors) : null;
        return options is not null;
    }

    /// <summary>Writes the usage: every option with its meaning and default, then the exit codes.</summary>
    public static void WriteHelp(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        OptionValues.WriteHelp(new LoadGenCommandLine()._command, output);
        output.WriteLine(Epilogue);
    }

    // The options of a command line that parsed, or null with the reasons added to errors.
    private CommandLineOptions? Bind(ParseResult parsed, List<string> errors)
    {
        // Flags have an implicit result even when absent.
        bool Given(Option option) => parsed.GetResult(option) is { Implicit: false };
        T Or<T>(Option<T> option, T fallback) => Given(option) ? parsed.GetValue(option)! : fallback;
        T? Maybe<T>(Option<T> option)
            where T : struct => Given(option) ? parsed.GetValue(option) : null;

        var defaults = new LoadOptions();
        var synthetic = defaults.Synthetic;
        var allowLarge = parsed.GetValue(_allowLarge);
        var batch = Or(_batch, defaults.BatchSize);
        if (batch > LoadOptions.MaxBatchSize && !allowLarge)
        {
            errors.Add(
                $"{_batch.Name}: {batch} events per batch is over {LoadOptions.MaxBatchSize}; such batches cross the 85 KB " +
                $"large-object threshold on both ends — pass {_allowLarge.Name} to send them anyway");
        }

        if (Given(_url) && Given(_targets))
        {
            errors.Add(
                $"{_url.Name} and {_targets.Name} both name the ingest service; give one ({_targets.Name} takes a comma-separated list)");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var duration = Maybe(_duration);
        var events = Maybe(_events);
        var load = defaults with
        {
            Url = Or(_url, defaults.Url),
            Targets = Or(_targets, defaults.Targets),
            ApiKey = Or(_apiKey, defaults.ApiKey),
            Synthetic = synthetic with
            {
                Customers = Or(_customers, synthetic.Customers),
                Touchpoints = Or(_touchpoints, synthetic.Touchpoints),
                ZipfExponent = Or(_zipf, synthetic.ZipfExponent),
                CustomersInTurn = parsed.GetValue(_inTurn) || synthetic.CustomersInTurn,
                Seed = Or(_seed, synthetic.Seed),
                RunId = parsed.GetValue(_runId) ?? synthetic.RunId,
                QueueShare = Or(_queueShare, synthetic.QueueShare),
            },
            Rate = Or(_rate, defaults.Rate),
            Duration = duration is null && events is null ? DefaultDuration : duration,
            TotalEvents = events,
            Streams = Or(_streams, defaults.Streams),
            BatchSize = batch,
            AllowLargeBatches = allowLarge,
            InFlight = Or(_inFlight, defaults.InFlight),
            UseSubmit = parsed.GetValue(_submit),
            Resend = !parsed.GetValue(_noResend),
            TrackAcked = parsed.GetValue(_trackAcked),
            MaxReconnectAttempts = Or(_reconnectAttempts, defaults.MaxReconnectAttempts),
            AckTimeout = Or(_ackTimeout, defaults.AckTimeout),
            DrainTimeout = Or(_drain, defaults.DrainTimeout),
        };

        errors.AddRange(load.Validate().Select(e => $"{FlagOf(e.Setting)}: {e.Message}"));
        return errors.Count > 0
            ? null
            : new CommandLineOptions
            {
                Load = load,
                JsonPath = parsed.GetValue(_json) is { Length: > 0 } json ? json : null,
                Quiet = parsed.GetValue(_quiet),
            };
    }

    private string FlagOf(string setting) => _optionOfSetting.TryGetValue(setting, out var option) ? option.Name : setting;
}
