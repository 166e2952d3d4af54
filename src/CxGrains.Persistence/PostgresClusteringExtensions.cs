namespace CxGrains.Persistence;

/// <summary>Registers PostgreSQL cluster membership for silos and clients.</summary>
public static class PostgresClusteringExtensions
{
    /// <summary>
    /// Uses the PostgreSQL membership table (Orleans AdoNet clustering with Npgsql) for this silo.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionString">An Npgsql connection string to a database that has the CxGrains schema.</param>
    public static ISiloBuilder AddCxPostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresGrainStorageExtensions.NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Lets a client (for example a stateless front-end tier) find the cluster's gateways in the
    /// PostgreSQL membership table.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="connectionString">An Npgsql connection string to the cluster's database.</param>
    public static IClientBuilder AddCxPostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresGrainStorageExtensions.NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
    }
}
