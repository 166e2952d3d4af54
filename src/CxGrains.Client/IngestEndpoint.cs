using CxGrains.Contracts.V1;

namespace CxGrains.Client;

/// <summary>One ingest address and a client on its channel.</summary>
internal sealed record IngestEndpoint(Uri Url, IngestService.IngestServiceClient Client);
