namespace CxGrains.LoadGen.Cli;

/// <summary>The <c>--help</c> text.</summary>
public static class HelpText
{
    /// <summary>Usage, options with defaults, and exit codes.</summary>
    public const string Value = """
        cx-loadgen — streams realistic synthetic customer-experience events into a CxGrains ingest service.

        Usage: cx-loadgen [options]

        Target
          --url <url>                 Ingest service address (default http://127.0.0.1:5000; plain-text HTTP/2 allowed)
          --target <url>,<url>,...    Several addresses of one cluster instead of --url: streams are spread over them,
                                      and a broken stream moves to the next one and resends what was unacknowledged
          --api-key <key>             Ingest API key sent as x-api-key (default dev-ingest-key; "" sends none)

        Synthetic data
          --customers <n>             Distinct customers, Zipf-skewed activity (default 1000000; 250k and 1m work)
          --touchpoints <n>           Distinct touchpoints over all channels (default 200)
          --zipf <s>                  Zipf exponent of customer activity (default 1.0; 0 is uniform)
          --seed <n>                  Seed of every random choice; same seed, same events (default 1)
          --queue-share <f>           Share of each batch sent as queue events (offered, answered, ended
                                      contacts on phone and chat queues), 0–0.9 (default 0)
          --run-id <id>               Prefix of event and batch ids (default random; reuse it to replay a run)

        Load
          --rate <events/s>           Target rate over all streams (default 0 = as fast as acks allow)
          --duration <time>           Stop sending after this long: 500ms, 30s, 5m, 1h or hh:mm:ss (default 30s)
          --events <n>                Stop after n events (with --duration, whichever comes first)
          --streams <n>               Concurrent bidirectional streams (default 4)
          --batch <n>                 Events per batch (default 500, at most 900 unless --allow-large)
          --allow-large               Allow batches over 900 events (they cross the 85 KB large-object threshold)
          --in-flight <n>             Batches sent ahead of their acks, per stream (default 8)
          --submit                    Use unary Submit calls (--in-flight concurrent per stream) instead of streams
          --no-resend                 Do not resend unacknowledged batches after a dropped stream, nor events
                                      rejected as UNAVAILABLE (by default they go out again in a new batch)
          --reconnect-attempts <n>    Failed connection attempts in a row before giving up (default 10)
          --ack-timeout <time>        A batch unacknowledged this long drops its stream for a resend (default 30s)
          --drain <time>              How long to wait for outstanding acks after sending stops (default 10s)

        Output
          --json <file>               Also write the summary as JSON ("-" for standard output)
          --track-acked               Count acknowledged events per customer and touchpoint (in the JSON)
          --quiet                     No progress line (progress goes to standard error once a second)
          -h, --help                  Show this text

        Exit codes: 0 every batch acknowledged; 1 some batches never acknowledged; 2 invalid arguments;
                    3 the ingest service could not be reached or refused the run.
        Ctrl+C stops sending, waits for in-flight acks (up to --drain) and prints the summary; press it again to abort.
        """;
}
