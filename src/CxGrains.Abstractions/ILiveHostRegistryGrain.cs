namespace CxGrains.Abstractions;

/// <summary>
/// The cluster's list of live web hosts (key 0). Hosts renew their registration periodically; a
/// host that stops renewing is dropped after the configured expiry.
/// </summary>
public interface ILiveHostRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or renews a host.</summary>
    Task Register(ILiveHostObserver host);

    /// <summary>Removes a host at once (graceful stop).</summary>
    Task Unregister(ILiveHostObserver host);

    /// <summary>The hosts that renewed within the expiry.</summary>
    Task<IReadOnlyList<ILiveHostObserver>> GetHosts();
}
