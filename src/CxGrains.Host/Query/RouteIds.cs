using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace CxGrains.Host.Query;

/// <summary>
/// Ids as JSON routes carry them (<c>/v1/customers/{customer_id}</c>). ASP.NET Core decodes the path
/// before routing, except <c>%2F</c>, which it leaves encoded so that it cannot split a segment; the route
/// value of <c>/v1/customers/CRM%2F12345</c> is therefore <c>CRM%2F12345</c>, not the customer
/// <c>CRM/12345</c>. This takes the id from the raw request target instead and decodes it exactly once, so
/// every id ingest accepts is reachable with its URL encoding. gRPC calls carry ids verbatim and pass
/// through unchanged.
/// </summary>
internal static class RouteIds
{
    /// <summary>The id of a call: verbatim over gRPC; over JSON, the path segment after <paramref name="routePrefix"/>, decoded once.</summary>
    public static string Resolve(ServerCallContext context, string value, string routePrefix)
    {
        var http = context.GetHttpContext();
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            return value;
        }

        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is null || !raw.StartsWith(routePrefix, StringComparison.Ordinal))
        {
            return value;
        }

        var segment = raw.AsSpan(routePrefix.Length);
        var end = segment.IndexOfAny('/', '?');
        return Uri.UnescapeDataString((end < 0 ? segment : segment[..end]).ToString());
    }
}
