using System.Diagnostics;
using CxGrains.Contracts.V1;
using CxGrains.TestingHost;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.Cluster.Tests;

/// <summary>
/// A burst of customer queries sent to a process the moment it first reports ready, as a load balancer
/// would send them: distinct customers, so the calls spread over every silo's gateway.
/// </summary>
internal sealed record FirstCalls(int Calls, int Failed, TimeSpan Slowest, string? FirstError)
{
    private const int Count = 200;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static async Task<FirstCalls> MeasureAsync(HostProcess process, Metadata headers)
    {
        using var channel = GrpcChannel.ForAddress(process.GrpcUrl);
        var query = new QueryService.QueryServiceClient(channel);
        var results = await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await query.GetCustomerAsync(new GetCustomerRequest { CustomerId = $"first-call-{i}" }, headers, DateTime.UtcNow + Deadline);
                return (Stopwatch.GetElapsedTime(started), (string?)null);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return (Stopwatch.GetElapsedTime(started), null); // an unknown customer: the grain answered
            }
            catch (RpcException ex)
            {
                return (Stopwatch.GetElapsedTime(started), $"{ex.StatusCode}: {ex.Status.Detail}");
            }
        }));
        return new FirstCalls(Count, results.Count(r => r.Item2 is not null), results.Max(r => r.Item1), results.FirstOrDefault(r => r.Item2 is not null).Item2);
    }

    public override string ToString() =>
        $"{Calls} first calls after ready: {Failed} failed, slowest {Slowest.TotalMilliseconds:F0} ms{(FirstError is null ? "" : $" (first error: {FirstError})")}";
}
