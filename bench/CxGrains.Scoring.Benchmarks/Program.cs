using BenchmarkDotNet.Running;

namespace CxGrains.Scoring.Benchmarks;

/// <summary>Entry point: pick benchmarks with --filter, e.g. <c>--filter '*' --job short</c>.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks chosen on the command line.</summary>
    /// <param name="args">BenchmarkDotNet arguments.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
