namespace CxGrains.Bench;

/// <summary>
/// The API keys the silo under test is configured with. Configured explicitly (not the development
/// keys) so the host runs in its Production environment, as it would be measured in service.
/// </summary>
public sealed record BenchKeys(string Ingest, string Reader)
{
    /// <summary>Fresh random keys for one benchmark run.</summary>
    public static BenchKeys Create() => new($"bench-ingest-{Guid.NewGuid():N}", $"bench-reader-{Guid.NewGuid():N}");
}
