using Npgsql;

namespace CxGrains.Persistence;

/// <summary>
/// Applies the CxGrains PostgreSQL schema (the <c>OrleansQuery</c> catalogue, grain storage and
/// cluster membership) from the scripts in <c>deploy/sql/postgresql</c>, embedded in this assembly.
/// </summary>
public static class PostgresSchema
{
    /// <summary>
    /// The advisory lock taken while the scripts run ("CxGrains" as a big-endian 64-bit number).
    /// <c>deploy/sql/apply.sh</c> takes the same lock.
    /// </summary>
    public const long AdvisoryLockKey = 0x4378_4772_6169_6E73;

    private const string ResourcePrefix = "CxGrains.Persistence.Sql.";

    /// <summary>The embedded script names, in the order they are applied.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(PostgresSchema).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// Creates or updates the schema. Idempotent, and safe to call from several processes at once:
    /// all scripts run in one transaction behind a transaction-scoped advisory lock, so a second
    /// caller waits and then re-applies a schema that is already there.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string whose user may create tables and functions.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (ScriptNames.Count == 0)
        {
            throw new InvalidOperationException("No embedded schema scripts were found in CxGrains.Persistence.");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            takeLock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var script in ScriptNames)
        {
            await using var command = new NpgsqlCommand(ReadScript(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Returns the text of one embedded script, e.g. <c>002-persistence.sql</c>.</summary>
    /// <param name="scriptName">A name from <see cref="ScriptNames"/>.</param>
    public static string ReadScript(string scriptName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scriptName);
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream(ResourcePrefix + scriptName)
            ?? throw new ArgumentException($"No embedded schema script named '{scriptName}'.", nameof(scriptName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
