namespace CxGrains.Host.Security;

/// <summary>API keys. Section <c>Cx:Auth</c>. Keys are secrets: set them through environment variables or a secret store.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Auth";

    /// <summary>Configured keys.</summary>
    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>
    /// Outside Production, start with well-known development keys when none are configured
    /// (they are printed at start-up). Refused in Production. Default true.
    /// </summary>
    public bool AllowDevelopmentKeys { get; set; } = true;
}

/// <summary>One API key.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>The secret itself (at least 16 characters).</summary>
    public string Key { get; set; } = "";

    /// <summary><c>ingest</c>, <c>reader</c> or <c>admin</c> (admin may also read).</summary>
    public string Role { get; set; } = "";

    /// <summary>Who holds it, e.g. the channel name for ingest keys; appears in logs instead of the key.</summary>
    public string Name { get; set; } = "";
}
