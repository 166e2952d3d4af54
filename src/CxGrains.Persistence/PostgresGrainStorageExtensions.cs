using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace CxGrains.Persistence;

/// <summary>Registers PostgreSQL grain storage the CxGrains way.</summary>
public static class PostgresGrainStorageExtensions
{
    /// <summary>The ADO.NET invariant Orleans uses to load Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Adds a named PostgreSQL grain storage: the Orleans AdoNet provider with Npgsql, the Orleans
    /// binary serializer, rows deleted on clear, and every grain id rewritten by
    /// <see cref="CollisionSafeGrainStorage"/> so that keys cannot collide.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="connectionString">An Npgsql connection string to a database that has the CxGrains schema.</param>
    /// <remarks>
    /// The schema must exist before the silo starts: run <c>deploy/sql/apply.sh</c>, call
    /// <see cref="PostgresSchema.EnsureAsync"/>, or add
    /// <see cref="PostgresSchemaExtensions.AddCxPostgresSchemaOnStartup(ISiloBuilder, string)"/>.
    /// </remarks>
    public static ISiloBuilder AddCxPostgresGrainStorage(this ISiloBuilder builder, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // The stock registration brings the options validator, the hash-picker default and the
        // lifecycle hook that loads the queries from OrleansQuery.
        builder.Services.AddAdoNetGrainStorage(name, options => options.Configure<IServiceProvider>((o, services) =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = PostgresConnectionStrings.WithoutSessionReset(connectionString);
            // Erasing a customer must not leave a tombstone row that still names them.
            o.DeleteStateOnClear = true;
            o.GrainStorageSerializer = StorageSerializer.Create(services);
        }));

        // Replace the provider under the same name with the wrapped one. Orleans resolves storage
        // by name and subscribes the lifecycle participant through the same keyed lookup, so the
        // wrapper receives the Init callback and forwards it to the provider.
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
            new CollisionSafeGrainStorage(AdoNetGrainStorageFactory.Create(services, name), services.GetRequiredService<DeepCopier>()));
        return builder;
    }
}
