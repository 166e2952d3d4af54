using System.Globalization;
using System.Text.RegularExpressions;

namespace CxGrains.Bench;

/// <summary>What one run of bench/CxGrains.GrainMemory printed.</summary>
/// <param name="Customers">Customers activated.</param>
/// <param name="BytesPerGrain">Managed heap per active customer grain, Orleans' share included.</param>
/// <param name="ActivationsPerSecond">Activation plus first event, per second.</param>
public sealed record GrainMemoryResult(int Customers, double BytesPerGrain, double ActivationsPerSecond);

/// <summary>Runs the grain memory probe (<c>dotnet run -c Release --project bench/CxGrains.GrainMemory -- n</c>) and parses its report.</summary>
public static partial class GrainMemoryProbe
{
    /// <summary>Activates <paramref name="customers"/> customers in a fresh process and reads the heap per grain.</summary>
    public static async Task<GrainMemoryResult> RunAsync(RepoLayout layout, int customers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        string[] arguments =
        [
            "run", "-c", layout.Configuration, "--no-build", "--project", layout.GrainMemoryProject,
            "--", customers.ToString(CultureInfo.InvariantCulture),
        ];

        // At a few thousand activations per second a million customers take minutes.
        var timeout = TimeSpan.FromMinutes(3.5) + TimeSpan.FromSeconds(customers / 2000.0);
        var result = (await ChildProcess.RunAsync("dotnet", arguments, timeout, layout.Root, cancellationToken: cancellationToken))
            .ThrowIfFailed("dotnet run --project bench/CxGrains.GrainMemory");
        return Parse(result.Output);
    }

    /// <summary>Reads the probe's report lines ("heap per active customer grain: 4,812 bytes …", "activation + first event: 4,900/s …").</summary>
    public static GrainMemoryResult Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var customers = CustomersLine().Match(output);
        var heap = HeapLine().Match(output);
        var activation = ActivationLine().Match(output);
        if (!customers.Success || !heap.Success || !activation.Success)
        {
            throw new FormatException($"Unexpected output of CxGrains.GrainMemory:\n{ChildProcess.Tail(output)}");
        }

        return new GrainMemoryResult(
            (int)Number(customers.Groups[1].Value),
            Number(heap.Groups[1].Value),
            Number(activation.Groups[1].Value));
    }

    private static double Number(string text) => double.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^customers:\s*([\d,]+)", RegexOptions.Multiline)]
    private static partial Regex CustomersLine();

    [GeneratedRegex(@"heap per active customer grain:\s*(-?[\d,]+(?:\.\d+)?) bytes")]
    private static partial Regex HeapLine();

    [GeneratedRegex(@"activation \+ first event:\s*([\d,]+(?:\.\d+)?)/s")]
    private static partial Regex ActivationLine();
}
