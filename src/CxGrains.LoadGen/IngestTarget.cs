using CxGrains.Contracts.V1;
using Grpc.Core;

namespace CxGrains.LoadGen;

/// <summary>One ingest address, its channel and a client on it.</summary>
internal sealed record IngestTarget(Uri Url, ChannelBase Channel)
{
    public IngestService.IngestServiceClient Client { get; } = new(Channel);
}
