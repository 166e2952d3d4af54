using System.ComponentModel.DataAnnotations;

namespace CxGrains.Host.Hosting;

/// <summary>Where grain state is stored. Section <c>Cx:Storage</c>.</summary>
public sealed class CxStorageOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Storage";

    /// <summary><c>Sqlite</c> (embedded, the default: no server to install) or <c>Postgres</c>.</summary>
    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Cx:Storage:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite database file. Default <c>data/cxgrains.db</c> under the working directory.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "cxgrains.db");

    /// <summary>PostgreSQL connection string (Npgsql format); also used for clustering.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Create or update the PostgreSQL schema at start-up (idempotent). Default true.</summary>
    public bool ApplySchemaAtStartup { get; set; } = true;
}
