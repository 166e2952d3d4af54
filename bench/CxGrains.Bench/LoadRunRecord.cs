namespace CxGrains.Bench;

/// <summary>One cx-loadgen run of a benchmark, as stored in the results file.</summary>
/// <param name="Phase">bare, applied or durable.</param>
/// <param name="Kind">activate, warmup, peak or half.</param>
/// <param name="Repetition">1-based repetition (0 for the warm-up).</param>
/// <param name="Settings">How the generator was invoked.</param>
/// <param name="Result">What it reported.</param>
/// <param name="Cost">What the run cost the silo and the generator (CPU, allocation, GC); null in results files written before it was measured.</param>
public sealed record LoadRunRecord(string Phase, string Kind, int Repetition, LoadGenSettings Settings, LoadGenResult Result, RunCost? Cost = null);
