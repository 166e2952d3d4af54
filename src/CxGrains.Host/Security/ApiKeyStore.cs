using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Security;

/// <summary>
/// Resolves a presented key to its entry. Keys are kept only as SHA-256 digests and every
/// configured digest is compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so
/// the time taken reveals neither which key matched nor how much of one did.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>Development keys used when none are configured outside Production.</summary>
    public static readonly IReadOnlyList<ApiKeyEntry> DevelopmentKeys =
    [
        new() { Key = "dev-ingest-key", Role = ApiKeyRoles.Ingest, Name = "dev-channel" },
        new() { Key = "dev-reader-key", Role = ApiKeyRoles.Reader, Name = "dev-reader" },
        new() { Key = "dev-admin-key", Role = ApiKeyRoles.Admin, Name = "dev-admin" },
    ];

    private readonly (byte[] Digest, ApiKeyEntry Entry)[] _keys;

    /// <summary>Loads and checks the configured keys; throws with the setting's name when they are unusable.</summary>
    public ApiKeyStore(IOptions<ApiKeyOptions> options, IHostEnvironment environment, ILogger<ApiKeyStore> logger)
    {
        var configured = options.Value.Keys;
        IReadOnlyList<ApiKeyEntry> keys = configured;
        if (configured.Count == 0)
        {
            if (environment.IsProduction() || !options.Value.AllowDevelopmentKeys)
            {
                throw new OptionsValidationException(ApiKeyOptions.Section, typeof(ApiKeyOptions),
                    [$"{ApiKeyOptions.Section}:Keys is empty. Configure ingest, reader and admin keys (development keys are refused in Production)."]);
            }

            keys = DevelopmentKeys;
            logger.LogWarning(
                "No API keys configured: using development keys (ingest '{Ingest}', reader '{Reader}', admin '{Admin}'). Never use them in production.",
                DevelopmentKeys[0].Key, DevelopmentKeys[1].Key, DevelopmentKeys[2].Key);
        }
        else
        {
            var problems = configured.Select((k, i) => Problem(k, i)).OfType<string>().ToList();
            if (problems.Count > 0)
            {
                throw new OptionsValidationException(ApiKeyOptions.Section, typeof(ApiKeyOptions), problems);
            }
        }

        _keys = [.. keys.Select(k => (Digest(k.Key), k))];
    }

    /// <summary>The entry of <paramref name="presented"/>, or null.</summary>
    public ApiKeyEntry? Find(string presented)
    {
        var digest = Digest(presented);
        ApiKeyEntry? found = null;
        foreach (var (candidate, entry) in _keys)
        {
            // No early exit: every key is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                found = entry;
            }
        }

        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string? Problem(ApiKeyEntry key, int index)
    {
        var at = $"{ApiKeyOptions.Section}:Keys:{index}";
        if (key.Key.Length < 16)
        {
            return $"{at}:Key must be at least 16 characters.";
        }

        if (!ApiKeyRoles.All.Contains(key.Role))
        {
            return $"{at}:Role must be one of {string.Join(", ", ApiKeyRoles.All)} (got '{key.Role}').";
        }

        return key.Name.Length == 0 ? $"{at}:Name is required (it identifies the key in logs)." : null;
    }
}
