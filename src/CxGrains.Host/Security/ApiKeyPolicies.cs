using System.Security.Claims;

namespace CxGrains.Host.Security;

/// <summary>Authorization policies: which roles may do what.</summary>
public static class ApiKeyPolicies
{
    /// <summary>Send events.</summary>
    public const string Ingest = "cx-ingest";

    /// <summary>Query.</summary>
    public const string Reader = "cx-reader";

    /// <summary>Erase customers.</summary>
    public const string Admin = "cx-admin";

    /// <summary>Watch live hub topics: readers, admins and wallboards.</summary>
    public const string Watch = "cx-watch";

    /// <summary>Open the Orleans Dashboard: admins, by API key or (for browsers) by HTTP Basic with the key as password.</summary>
    public const string Dashboard = "cx-dashboard";

    /// <summary>Registers the scheme and the policies.</summary>
    public static IServiceCollection AddCxApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiKeyOptions>(configuration.GetSection(ApiKeyOptions.Section));
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, DashboardBasicAuthenticationHandler>(DashboardBasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Ingest, p => p.RequireRole(ApiKeyRoles.Ingest))
            .AddPolicy(Reader, p => p.RequireRole(ApiKeyRoles.Reader, ApiKeyRoles.Admin))
            .AddPolicy(Admin, p => p.RequireRole(ApiKeyRoles.Admin))
            .AddPolicy(Watch, p => p.RequireRole(ApiKeyRoles.Reader, ApiKeyRoles.Admin, ApiKeyRoles.Wallboard))
            .AddPolicy(Dashboard, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, DashboardBasicAuthenticationHandler.SchemeName)
                .RequireRole(ApiKeyRoles.Admin));
        return services;
    }

    /// <summary>The key holder's name for logs (never the key).</summary>
    public static string CallerName(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
