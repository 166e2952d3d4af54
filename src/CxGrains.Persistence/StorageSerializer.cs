using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Session;
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
        return new ExactArraySerializer(services.GetRequiredService<Serializer>(), services.GetRequiredService<SerializerSessionPool>());
    }

    /// <summary>
    /// Serializes <paramref name="state"/> with <paramref name="serializer"/>: into a buffer rented from
    /// <see cref="StatePayloads"/> when the serializer is this class's (same bytes), else into an array of its own.
    /// </summary>
    internal static StatePayload Serialize<T>(IGrainStorageSerializer serializer, T state)
    {
        if (serializer is ExactArraySerializer exact)
        {
            return exact.SerializeRented(state);
        }

        // Bound as it is when the serializer hands back an exactly sized array of its own, rather than copied.
        var data = serializer.Serialize(state).ToMemory();
        var bytes = MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
        return new StatePayload(bytes, bytes.Length, Rented: false);
    }

    /// <summary>
    /// The same bytes as Orleans' <see cref="OrleansGrainStorageSerializer"/>, written through the
    /// serializer's pooled buffer into one exactly sized array. Orleans' own grows a fresh buffer by
    /// doubling for every state it writes and hands back a slice of it, which a store then copies
    /// once more: three to four times a customer's state in garbage on every write-behind.
    /// </summary>
    private sealed class ExactArraySerializer(Serializer serializer, SerializerSessionPool sessions) : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => new(serializer.SerializeToArray(input));

        /// <summary>The bytes <see cref="Serialize"/> writes, copied from the serializer's pooled buffer into a rented one.</summary>
        public StatePayload SerializeRented<T>(T? input)
        {
            using var session = sessions.GetSession();
            var writer = Writer.CreatePooled(session);
            try
            {
                session.CodecProvider.GetCodec<T>().WriteField(ref writer, 0, typeof(T), input);
                writer.Commit();
                var payload = StatePayloads.Rent(writer.Output.Length);
                writer.Output.CopyTo(payload.Buffer);
                return payload;
            }
            finally
            {
                writer.Dispose();
            }
        }

        public T Deserialize<T>(BinaryData input) => serializer.Deserialize<T>(input.ToMemory())!;
    }
}
