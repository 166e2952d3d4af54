using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace CxGrains.Persistence;

/// <summary>
/// The serializer CxGrains uses for grain state in every store: the Orleans binary serializer.
/// </summary>
/// <remarks>
/// The AdoNet provider's default is Newtonsoft JSON with .NET type names embedded in the payload,
/// so renaming or moving a state class makes old rows unreadable. The Orleans serializer writes
/// field ids, and type identities through <c>[Alias]</c>, so state classes marked
/// <c>[GenerateSerializer]</c>, <c>[Id(n)]</c> and <c>[Alias("...")]</c> can be renamed, moved
/// and extended with new fields; it is also several times smaller and faster than JSON.
/// The cost: rows are not human-readable in SQL, and every state type needs the attributes.
/// </remarks>
public static class StorageSerializer
{
    /// <summary>Creates the grain-state serializer from a silo's services.</summary>
    /// <param name="services">Services holding the Orleans <see cref="Serializer"/>.</param>
    public static IGrainStorageSerializer Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new ExactArraySerializer(services.GetRequiredService<Serializer>());
    }

    /// <summary>
    /// The same bytes as Orleans' <see cref="OrleansGrainStorageSerializer"/>, written through the
    /// serializer's pooled buffer into one exactly sized array. Orleans' own grows a fresh buffer by
    /// doubling for every state it writes and hands back a slice of it, which a store then copies
    /// once more: three to four times a customer's state in garbage on every write-behind.
    /// </summary>
    private sealed class ExactArraySerializer(Serializer serializer) : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => new(serializer.SerializeToArray(input));

        public T Deserialize<T>(BinaryData input) => serializer.Deserialize<T>(input.ToMemory())!;
    }
}
