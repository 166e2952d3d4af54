using System.Diagnostics;
using System.Net;
using CxGrains.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.Bench;

/// <summary>What one query client measured.</summary>
/// <param name="Latencies">Latency of every successful query.</param>
/// <param name="NotFound">Queries answered "unknown customer" (not counted in the latencies).</param>
/// <param name="Failed">Queries that failed otherwise.</param>
public sealed record QueryMeasurement(LatencySamples Latencies, int NotFound, int Failed);

/// <summary>
/// Customer health queries while ingest runs, over gRPC (<c>QueryService.GetCustomer</c>) and JSON
/// (<c>GET /v1/customers/{id}</c>). Each client asks for customers known to be active (see
/// <see cref="ActiveCustomers"/>) at a fixed pace, one query at a time, and times each answer end to end.
/// </summary>
public sealed class QueryProbe(SiloProcess silo, BenchKeys keys, IReadOnlyList<string> customerIds)
{

    /// <summary>Queries over gRPC every <paramref name="interval"/> until <paramref name="duration"/> has passed.</summary>
    public async Task<QueryMeasurement> RunGrpcAsync(TimeSpan duration, TimeSpan interval, int seed, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(silo.GrpcUrl);
        var client = new QueryService.QueryServiceClient(channel);
        var headers = new Metadata { { "x-api-key", keys.Reader } };
        return await PacedAsync(duration, interval, seed, async id =>
        {
            try
            {
                await client.GetCustomerAsync(new GetCustomerRequest { CustomerId = id }, headers, cancellationToken: cancellationToken);
                return Outcome.Found;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return Outcome.NotFound;
            }
            catch (RpcException)
            {
                return Outcome.Failed;
            }
        }, cancellationToken);
    }

    /// <summary>Queries over JSON/HTTP every <paramref name="interval"/> until <paramref name="duration"/> has passed.</summary>
    public async Task<QueryMeasurement> RunJsonAsync(TimeSpan duration, TimeSpan interval, int seed, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = silo.HttpUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("x-api-key", keys.Reader);
        return await PacedAsync(duration, interval, seed, async id =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"/v1/customers/{Uri.EscapeDataString(id)}", UriKind.Relative), cancellationToken);

                // The body is part of the answer: read it all before stopping the clock.
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return response.StatusCode switch
                {
                    HttpStatusCode.OK => Outcome.Found,
                    HttpStatusCode.NotFound => Outcome.NotFound,
                    _ => Outcome.Failed,
                };
            }
            catch (HttpRequestException)
            {
                return Outcome.Failed;
            }
        }, cancellationToken);
    }

    private async Task<QueryMeasurement> PacedAsync(
        TimeSpan duration, TimeSpan interval, int seed, Func<string, Task<Outcome>> query, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var samples = new LatencySamples();
        int notFound = 0, failed = 0;
        using var timer = new PeriodicTimer(interval);
        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var id = customerIds[random.Next(customerIds.Count)];
            var watch = Stopwatch.StartNew();
            var outcome = await query(id);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            switch (outcome)
            {
                case Outcome.Found:
                    samples.Add(elapsed);
                    break;
                case Outcome.NotFound:
                    notFound++;
                    break;
                default:
                    failed++;
                    break;
            }
        }

        return new QueryMeasurement(samples, notFound, failed);
    }

    private enum Outcome
    {
        Found,
        NotFound,
        Failed,
    }
}
