namespace CxGrains.Bench;

/// <summary>CPU time the load generator process used for one run (Linux <c>/proc</c>).</summary>
/// <param name="TotalSeconds">User + system CPU seconds of the whole process, start-up and exit included.</param>
/// <param name="StartupSeconds">
/// The part used before the run's clock started (runtime start, JIT, channel set-up), from the
/// sample taken last before it; 0 when the run started before the first sample.
/// </param>
public sealed record GeneratorCpu(double TotalSeconds, double StartupSeconds)
{
    /// <summary>CPU seconds while the run's clock ran (sending and drain, plus the short exit).</summary>
    public double RunSeconds => Math.Max(0, TotalSeconds - StartupSeconds);
}
