using CxGrains.Contracts.V1;

namespace CxGrains.LoadGen;

/// <summary>One ingest address and a client on its channel.</summary>
internal sealed record IngestTarget(Uri Url, IngestService.IngestServiceClient Client);
