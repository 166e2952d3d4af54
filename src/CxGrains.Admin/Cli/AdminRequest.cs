namespace CxGrains.Admin.Cli;

/// <summary>A parsed, validated cx-admin command line.</summary>
public sealed record AdminRequest
{
    /// <summary>The command.</summary>
    public required AdminVerb Verb { get; init; }

    /// <summary>The host's gRPC address.</summary>
    public Uri Url { get; init; } = new("http://127.0.0.1:5000");

    /// <summary>The admin API key, from <c>--api-key</c> or <c>CX_API_KEY</c>.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary><c>recompute</c>: customers journaled at or after this time are rebuilt.</summary>
    public DateTimeOffset From { get; init; }

    /// <summary><c>recompute</c>: follow the run until it ends.</summary>
    public bool Wait { get; init; }

    /// <summary><c>recompute --wait</c>: time between status reads.</summary>
    public TimeSpan Poll { get; init; } = AdminCommandLine.DefaultPoll;

    /// <summary><c>recompute-status</c>: the run.</summary>
    public Guid RunId { get; init; }

    /// <summary>For <see cref="AdminVerb.Help"/>: the arguments that asked for it, to print the right command's help.</summary>
    public IReadOnlyList<string> HelpArguments { get; init; } = [];
}
