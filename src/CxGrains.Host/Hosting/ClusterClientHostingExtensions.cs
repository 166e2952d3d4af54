using CxGrains.Persistence;
using Orleans.Configuration;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Joins the web host to the cluster as an Orleans client (<c>Cx:Mode</c> = <c>FrontEnd</c>): a stateless
/// front end that hosts no grains and reaches them through the silos' gateways.
/// </summary>
public static class ClusterClientHostingExtensions
{
    /// <summary>
    /// Adds the Orleans client, configured from <c>Cx:Cluster</c>: with <c>Postgres</c> clustering the
    /// gateways come from the membership table (connection string <c>Cx:Storage:PostgresConnectionString</c>);
    /// with <c>Localhost</c> the client connects to the silo gateway at 127.0.0.1:<c>GatewayPort</c>.
    /// </summary>
    public static WebApplicationBuilder AddCxClusterClient(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var cluster = ConfiguredOptions.Bind<CxClusterOptions>(configuration, CxClusterOptions.Section);
        var storage = ConfiguredOptions.Bind<CxStorageOptions>(configuration, CxStorageOptions.Section);
        var postgres = storage.PostgresConnectionString;
        if (cluster.Clustering == "Postgres" && string.IsNullOrWhiteSpace(postgres))
        {
            throw SiloHostingExtensions.MissingConnectionString("Cx:Cluster:Clustering is Postgres");
        }

        builder.Services.AddSingleton<GatewayConnectionRetry>();
        builder.Services.AddSingleton<GatewayConnections>();
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<GatewayConnections>());
        builder.UseOrleansClient(client =>
        {
            if (cluster.Clustering == "Postgres")
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                client.AddCxPostgresClustering(postgres!);

                // A silo that joins later is found within this period; a lost one is dropped at once.
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
            client.UseConnectionRetryFilter<GatewayConnectionRetry>();
        });
        return builder;
    }
}
