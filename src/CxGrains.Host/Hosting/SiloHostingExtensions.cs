using System.Net;
using CxGrains.Grains;
using CxGrains.Persistence;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CxGrains.Host.Hosting;

/// <summary>Wires the Orleans silo into the web host: clustering, storage, grains.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Runs an Orleans silo in this process, configured from <c>Cx:Cluster</c> and <c>Cx:Storage</c>.</summary>
    public static WebApplicationBuilder AddCxSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var cluster = Bind<CxClusterOptions>(configuration.GetSection(CxClusterOptions.Section));
        var storage = Bind<CxStorageOptions>(configuration.GetSection(CxStorageOptions.Section));
        var postgres = storage.PostgresConnectionString;
        if ((storage.Provider == "Postgres" || cluster.Clustering == "Postgres") && string.IsNullOrWhiteSpace(postgres))
        {
            throw new OptionsValidationException(CxStorageOptions.Section, typeof(CxStorageOptions),
                ["Cx:Storage:PostgresConnectionString is required when Cx:Storage:Provider or Cx:Cluster:Clustering is Postgres."]);
        }

        if (!string.IsNullOrWhiteSpace(postgres) && storage.ApplySchemaAtStartup)
        {
            // Before the silo starts: clustering and storage read their queries from the schema.
            PostgresSchema.EnsureAsync(postgres).GetAwaiter().GetResult();
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = cluster.IdleGrainAge);

            if (cluster.Clustering == "Postgres")
            {
                silo.AddCxPostgresClustering(postgres!);
                silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }

            if (storage.Provider == "Postgres")
            {
                silo.AddCxPostgresGrainStorage(StorageNames.Provider, postgres!);
            }
            else
            {
                silo.AddCxSqliteGrainStorage(StorageNames.Provider, Path.GetFullPath(storage.SqlitePath, builder.Environment.ContentRootPath));
            }

            silo.AddCxGrains(configuration);
        });
        return builder;
    }

    // The silo is configured before the container exists, so these two sections are bound and
    // validated by hand, with the same messages ValidateOnStart would give.
    private static T Bind<T>(IConfigurationSection section) where T : class, new()
    {
        var options = section.Get<T>() ?? new T();
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(options);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, context, results, validateAllProperties: true))
        {
            throw new OptionsValidationException(section.Path, typeof(T), [.. results.Select(r => $"{section.Path}: {r.ErrorMessage}")]);
        }

        return options;
    }
}
