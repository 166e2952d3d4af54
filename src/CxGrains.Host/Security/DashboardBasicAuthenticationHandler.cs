using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Security;

/// <summary>
/// HTTP Basic for the dashboard only: a browser cannot add an <c>x-api-key</c> header to a page it
/// opens, but it prompts for Basic credentials when challenged and then sends them with every
/// request under the dashboard's path. The password is an API key; the user name is ignored. Only
/// the dashboard's policy (<see cref="ApiKeyPolicies.Dashboard"/>) names this scheme, so Basic
/// credentials are accepted nowhere else.
/// </summary>
public sealed class DashboardBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "DashboardBasic";

    /// <summary>The challenge: the realm a browser shows in its prompt.</summary>
    public const string Challenge = "Basic realm=\"CxGrains dashboard\", charset=\"UTF-8\"";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        var key = colon < 0 ? "" : credentials[(colon + 1)..];
        if (key.Length == 0 || keys.Find(key) is not { } entry)
        {
            // The key itself is never logged or echoed.
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, entry.Name), new Claim(ClaimTypes.Role, entry.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Challenge;
        return base.HandleChallengeAsync(properties);
    }
}
