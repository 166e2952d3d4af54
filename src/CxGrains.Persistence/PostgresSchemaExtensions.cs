using Microsoft.Extensions.DependencyInjection;

namespace CxGrains.Persistence;

/// <summary>Applies the PostgreSQL schema as part of silo start-up.</summary>
public static class PostgresSchemaExtensions
{
    /// <summary>
    /// Runs <see cref="PostgresSchema.EnsureAsync"/> in the first stage of the silo lifecycle,
    /// before clustering or storage read their queries. Safe with several silos starting at once.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionString">An Npgsql connection string whose user may create tables and functions.</param>
    public static ISiloBuilder AddCxPostgresSchemaOnStartup(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new PostgresSchemaStartup(connectionString));
        return builder;
    }

    private sealed class PostgresSchemaStartup(string connectionString) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(
                nameof(PostgresSchemaStartup),
                ServiceLifecycleStage.First,
                cancellationToken => PostgresSchema.EnsureAsync(connectionString, cancellationToken));
    }
}
