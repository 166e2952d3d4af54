using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CxGrains.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace CxGrains.Bench;

/// <summary>
/// Event → wallboard push latency over the SignalR hub <c>/hubs/cx</c>.
/// <para>
/// A reader connects to <c>/hubs/cx?access_token=&lt;reader key&gt;</c>, invokes
/// <c>Watch("segment/all", "ONE_MINUTE")</c> and receives <c>update</c> messages whose JSON payload
/// carries <c>asOf</c>. For each sample the probe notes the time, submits one marker event over gRPC
/// and waits for the first update whose <c>asOf</c> is not older than the send: that wait is the
/// push latency. It runs beside the applied run at 50 % of peak, so <c>segment/all</c> changes all the
/// time and is pushed once per <c>Cx:Live:MinPushInterval</c> (1 s): a sample is the wait for the
/// next push window plus the accumulator flush and delivery, as a wallboard on a busy segment sees
/// it. Samples are spaced past the push interval so that none waits on the probe's own previous
/// sample. A host without a hub
/// (negotiate answers 404) gives "not measured" and the benchmark goes on.
/// </para>
/// </summary>
public sealed class PushLatencyProbe(SiloProcess silo, BenchKeys keys)
{
    /// <summary>The topic watched: the all-customers segment.</summary>
    public const string Topic = "segment/all";

    /// <summary>The window watched.</summary>
    public const string Window = "ONE_MINUTE";

    private static readonly TimeSpan SampleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Takes <paramref name="samples"/> push latency samples, or reports why it cannot.</summary>
    public async Task<PushMeasurement> MeasureAsync(int samples, CancellationToken cancellationToken)
    {
        if (!await HubExistsAsync(cancellationToken))
        {
            return PushMeasurement.NotMeasured("the host has no SignalR hub at /hubs/cx yet");
        }

        try
        {
            return new PushMeasurement(await SampleAsync(samples, cancellationToken), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return PushMeasurement.NotMeasured($"push probe failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<bool> HubExistsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = silo.HttpUrl, Timeout = TimeSpan.FromSeconds(10) };
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"/hubs/cx/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(keys.Reader)}");
        using var response = await http.SendAsync(negotiate, cancellationToken);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    private static readonly TimeSpan SampleSpacing = TimeSpan.FromMilliseconds(1200);

    private async Task<LatencySamples> SampleAsync(int samples, CancellationToken cancellationToken)
    {
        // Every update's receive time and asOf, in arrival order.
        var updates = System.Threading.Channels.Channel.CreateUnbounded<(long ReceivedTimestamp, DateTimeOffset? AsOf)>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl($"{silo.HttpUrl.ToString().TrimEnd('/')}/hubs/cx?access_token={Uri.EscapeDataString(keys.Reader)}")
            .Build();
        hub.On<JsonElement>("update", payload => updates.Writer.TryWrite((Stopwatch.GetTimestamp(), AsOf(payload))));
        await hub.StartAsync(cancellationToken);
        await hub.InvokeAsync("Watch", Topic, Window, cancellationToken);

        using var channel = GrpcChannel.ForAddress(silo.GrpcUrl);
        var ingest = new IngestService.IngestServiceClient(channel);
        var headers = new Metadata { { "x-api-key", keys.Ingest } };
        var latencies = new LatencySamples();
        for (var i = 0; i < samples; i++)
        {
            // Drop updates that arrived before this sample's send.
            while (updates.Reader.TryRead(out _))
            {
            }

            var sentAt = DateTimeOffset.UtcNow;
            var sentTimestamp = Stopwatch.GetTimestamp();
            await ingest.SubmitAsync(MarkerBatch(i), headers, cancellationToken: cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SampleTimeout);
            while (true)
            {
                var (received, asOf) = await updates.Reader.ReadAsync(timeout.Token);

                // An update computed before the send cannot reflect the marker. Without asOf, the
                // first update after the send is taken (an upper bound of one publish interval off).
                if (asOf is null || asOf >= sentAt)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sentTimestamp, received).TotalMilliseconds);
                    break;
                }
            }

            // A topic is pushed at most once per Cx:Live:MinPushInterval (1 s): a sample sent right
            // after a push would measure that wait, not the pipeline. Space samples past it.
            await Task.Delay(SampleSpacing, cancellationToken);
        }

        await hub.StopAsync(cancellationToken);
        return latencies;
    }

    private static EventBatch MarkerBatch(int sample)
    {
        var id = $"push-{Guid.NewGuid():N}";
        return new EventBatch
        {
            BatchId = id,
            Events =
            {
                new InteractionEvent
                {
                    EventId = id,
                    CustomerId = $"bench-push-{sample}",
                    TouchpointId = "bench-push",
                    Channel = Contracts.V1.Channel.Web,
                    JourneyStage = JourneyStage.PostPurchase,
                    OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                    Csat = new CsatResponse { Score = 5 },
                },
            },
        };
    }

    private static DateTimeOffset? AsOf(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in payload.EnumerateObject())
        {
            if (!property.Name.Equals("asOf", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            return property.Value.ValueKind switch
            {
                JsonValueKind.String when DateTimeOffset.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
                JsonValueKind.Number when property.Value.TryGetInt64(out var number) => number > 100_000_000_000_000
                    ? new DateTimeOffset(number, TimeSpan.Zero)
                    : DateTimeOffset.FromUnixTimeMilliseconds(number),
                _ => null,
            };
        }

        return null;
    }
}
