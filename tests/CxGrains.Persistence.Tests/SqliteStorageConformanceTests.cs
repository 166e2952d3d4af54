using CxGrains.TestSupport;
using Orleans.Storage;

namespace CxGrains.Persistence.Tests;

/// <summary>The storage contract against the embedded SQLite store, in a temp file.</summary>
public sealed class SqliteStorageConformanceTests : GrainStorageConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new("cx-sqlite");

    public void Dispose() => _directory.Dispose();

    protected override async Task<(IGrainStorage Storage, IAsyncDisposable Lifetime)> OpenAsync(string serviceId)
    {
        // A folder that does not exist yet: the store creates it.
        var file = _directory.Combine(Path.Combine("data", "grains.db"));
        var host = await StorageHost.StartAsync(serviceId, silo => silo.AddCxSqliteGrainStorage(StorageHost.ProviderName, file));
        return (host.Storage, host);
    }
}
