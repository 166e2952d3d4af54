using System.Data.Common;
using Npgsql;

namespace CxGrains.Persistence;

/// <summary>How CxGrains' own PostgreSQL pools open their connections.</summary>
public static class PostgresConnectionStrings
{
    private const string NoResetOnCloseKey = "No Reset On Close";

    /// <summary>
    /// Turns off Npgsql's session reset (<c>DISCARD ALL</c>) on connections taken from the pool, unless
    /// <paramref name="connectionString"/> says otherwise. Grain storage and the journal open a pooled
    /// connection for every read and write, and none of their statements leaves session state behind
    /// (no SET, no temporary table, no prepared statement by name), so the reset is a statement the server
    /// runs for nothing: at 1,000,000 customers it was about one for every grain activation.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public static string WithoutSessionReset(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // A plain builder keeps only the keys written, so an explicit setting is seen and kept.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.ContainsKey(NoResetOnCloseKey))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
    }
}
