namespace CxGrains.Host.Security;

/// <summary>The roles an API key can have.</summary>
public static class ApiKeyRoles
{
    /// <summary>May send events.</summary>
    public const string Ingest = "ingest";

    /// <summary>May query.</summary>
    public const string Reader = "reader";

    /// <summary>May query and erase customers.</summary>
    public const string Admin = "admin";

    /// <summary>All roles.</summary>
    public static readonly IReadOnlyList<string> All = [Ingest, Reader, Admin];
}
