using System.Data.Common;
using Npgsql;

namespace CxGrains.Persistence;

/// <summary>
/// Npgsql settings the silo's hot PostgreSQL paths (grain storage and the event journal) need, added
/// to the operator's connection string unless it names them itself:
/// <list type="bullet">
/// <item><c>No Reset On Close=true</c>: a pooled connection is not reset (<c>DISCARD ALL</c>) before its
/// next use. Nothing here changes session state, and the reset cost the server a statement per query.</item>
/// <item><c>Max Auto Prepare=64</c>: statements run repeatedly (the same few storage and journal queries)
/// are prepared on each connection, so the server stops parsing and planning them on every call.</item>
/// </list>
/// A pooler in transaction mode (PgBouncer before 1.21) between the silo and PostgreSQL does not keep
/// prepared statements: set <c>Max Auto Prepare=0</c> in the connection string for it.
/// </summary>
public static class PostgresConnectionTuning
{
    /// <summary>Prepared statements kept per connection: every query the silo repeats, with room to spare.</summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>Returns <paramref name="connectionString"/> with the settings above where it does not name them.</summary>
    public static string Apply(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        if (!named.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        return builder.ConnectionString;
    }
}
