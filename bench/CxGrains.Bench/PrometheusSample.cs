namespace CxGrains.Bench;

/// <summary>One sample line of Prometheus text exposition.</summary>
/// <param name="Name">Metric name (with its <c>_total</c>, <c>_bucket</c> … suffix).</param>
/// <param name="Labels">Label names and values.</param>
/// <param name="Value">The value.</param>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
