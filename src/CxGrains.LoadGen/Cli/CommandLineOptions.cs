namespace CxGrains.LoadGen.Cli;

/// <summary>The parsed command line: the run's options plus what only the console tool needs.</summary>
public sealed record CommandLineOptions
{
    /// <summary>The load run.</summary>
    public required LoadOptions Load { get; init; }

    /// <summary>File to write the summary to as JSON (<c>-</c> for standard output); null for none.</summary>
    public string? JsonPath { get; init; }

    /// <summary>No progress line.</summary>
    public bool Quiet { get; init; }

    /// <summary>Print the help text and exit.</summary>
    public bool ShowHelp { get; init; }
}
