using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace CxGrains.Host.Hosting;

/// <summary>Where grain state is stored. Section <c>Cx:Storage</c>.</summary>
public sealed class CxStorageOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Storage";

    /// <summary><c>Sqlite</c> (embedded, the default: no server to install) or <c>Postgres</c>.</summary>
    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Cx:Storage:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite database file. Default <c>data/cxgrains.db</c>, relative to the host's content root (its own directory).</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "cxgrains.db");

    /// <summary>PostgreSQL connection string (Npgsql format); also used for clustering.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Create or update the PostgreSQL schema at start-up (idempotent). Default true.</summary>
    public bool ApplySchemaAtStartup { get; set; } = true;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == "Sqlite" && string.IsNullOrWhiteSpace(SqlitePath))
        {
            yield return new ValidationResult("Cx:Storage:SqlitePath is required when Cx:Storage:Provider is Sqlite.", [nameof(SqlitePath)]);
        }

        if (!string.IsNullOrWhiteSpace(PostgresConnectionString) && ParseError(PostgresConnectionString) is { } error)
        {
            // The builder's message names the faulty keyword, never the password.
            yield return new ValidationResult($"Cx:Storage:PostgresConnectionString is not a valid Npgsql connection string: {error}", [nameof(PostgresConnectionString)]);
        }
    }

    private static string? ParseError(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return e.Message;
        }
    }
}
