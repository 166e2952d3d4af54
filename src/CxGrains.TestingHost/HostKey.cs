namespace CxGrains.TestingHost;

/// <summary>An API key a host is configured with (<c>Cx:Auth:Keys</c>).</summary>
/// <param name="Key">The secret a client presents.</param>
/// <param name="Role">ingest, reader, wallboard or admin.</param>
/// <param name="Name">The name the host logs instead of the key.</param>
public sealed record HostKey(string Key, string Role, string Name);
