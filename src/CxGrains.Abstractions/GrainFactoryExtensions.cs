namespace CxGrains.Abstractions;

/// <summary>
/// Grain references for the ingest path. Orleans 10.4 works out a grain interface's identity on
/// every <c>GetGrain&lt;T&gt;(key)</c> by formatting the interface's type name (its resolver keeps no
/// cache), which cost the ingest path a string builder, several strings and type specs per grain call.
/// Here the identity is worked out once per interface, by Orleans itself, and reused.
/// </summary>
public static class GrainFactoryExtensions
{
    /// <summary>The reference to the <typeparamref name="T"/> grain with <paramref name="key"/>, like <c>GetGrain&lt;T&gt;(key)</c>.</summary>
    public static T GetGrainOf<T>(this IGrainFactory factory, string key) where T : class, IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(factory);
        var identity = Identity<T>.Value ??= IdentityOf(factory.GetGrain<T>(key));
        return (T)factory.GetGrain(GrainId.Create(identity.Type, key), identity.Interface);
    }

    private static GrainIdentity IdentityOf(IAddressable sample)
    {
        var reference = (GrainReference)sample;
        return new GrainIdentity(reference.GrainId.Type, reference.InterfaceType);
    }

    // A class, so that publishing it is one reference write; a race only works it out twice, alike.
    private sealed record GrainIdentity(GrainType Type, GrainInterfaceType Interface);

    private static class Identity<T>
    {
        public static GrainIdentity? Value;
    }
}
