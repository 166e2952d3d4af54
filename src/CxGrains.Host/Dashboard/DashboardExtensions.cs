using CxGrains.Host.Hosting;
using CxGrains.Host.Security;
using Orleans.Dashboard;

namespace CxGrains.Host.Dashboard;

/// <summary>
/// Wires the Orleans Dashboard when <c>Cx:Dashboard:Enabled</c> is true: its services on the silo (or
/// on the Orleans client of a front end) and its pages and API at <c>Cx:Dashboard:Path</c>, for admin keys only.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>Adds the dashboard's services when it is enabled; checks its settings either way.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A <c>Cx:Dashboard</c> setting is invalid.</exception>
    public static WebApplicationBuilder AddCxDashboard(this WebApplicationBuilder builder, HostMode mode)
    {
        var options = ConfiguredOptions.Bind<CxDashboardOptions>(builder.Configuration, CxDashboardOptions.Section);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        if (!options.Enabled)
        {
            return builder;
        }

        if (mode == HostMode.FrontEnd)
        {
            // A front end only reads the silos' statistics: they show only where the silos run the dashboard too.
            builder.UseOrleansClient(client => client.AddDashboard());
        }
        else
        {
            // Adds the profiling grain call filter to every grain call of this silo: the cost that keeps it off by default.
            builder.UseOrleans(silo => silo.AddDashboard());
        }

        return builder;
    }

    /// <summary>Maps the dashboard at <c>Cx:Dashboard:Path</c>, behind <see cref="ApiKeyPolicies.Dashboard"/>, when it is enabled.</summary>
    public static WebApplication MapCxDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CxDashboardOptions>>().Value;
        if (options.Enabled)
        {
            app.MapOrleansDashboard(options.Path).RequireAuthorization(ApiKeyPolicies.Dashboard);
        }

        return app;
    }
}
