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

    /// <summary>
    /// For wall screens: may only watch hub topics (segment and touchpoint figures, and alerts about
    /// them). No query, so no customer and no drill-down to a person; no erasure.
    /// </summary>
    public const string Wallboard = "wallboard";

    /// <summary>All roles.</summary>
    public static readonly IReadOnlyList<string> All = [Ingest, Reader, Admin, Wallboard];
}
