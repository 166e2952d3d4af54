using CxGrains.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// Reads what the cluster counted through the query API (gRPC): events per customer (<c>event_count</c>) and per
/// touchpoint (<c>lifetime_events</c>). A read that fails while the cluster recovers from a lost silo is retried.
/// </summary>
internal sealed class ClusterReader(GrpcChannel channel, Metadata headers)
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    private readonly QueryService.QueryServiceClient _query = new(channel);

    public Task<Dictionary<string, long>> CustomerCountsAsync(IEnumerable<string> ids) =>
        ReadAllAsync(ids, async id => (await _query.GetCustomerAsync(new GetCustomerRequest { CustomerId = id }, headers, Deadline())).EventCount);

    public Task<Dictionary<string, long>> TouchpointCountsAsync(IEnumerable<string> ids) =>
        ReadAllAsync(ids, async id => (await _query.GetTouchpointAsync(new GetTouchpointRequest { TouchpointId = id }, headers, Deadline())).LifetimeEvents);

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(10);

    private static async Task<Dictionary<string, long>> ReadAllAsync(IEnumerable<string> ids, Func<string, Task<long>> read)
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
            counts[id] = await ReadOneAsync(id, read));
        return new Dictionary<string, long>(counts, StringComparer.Ordinal);
    }

    private static async Task<long> ReadOneAsync(string id, Func<string, Task<long>> read)
    {
        var deadline = DateTime.UtcNow + RecoveryTimeout;
        while (true)
        {
            try
            {
                return await read(id);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return 0;
            }
            catch (RpcException ex) when (ex.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
