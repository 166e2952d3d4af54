using System.Buffers;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Writes a customer's recent interactions as one length-prefixed field in their own compact layout
/// (<see cref="RecentInteractions.Encode"/>), through a pooled buffer: the customer's write-behind then
/// allocates nothing for them, where a list of records would make a string, a record and a list slot per
/// interaction on every write. Readers that do not know the field skip it like any length-prefixed one.
/// </summary>
[RegisterSerializer]
internal sealed class RecentInteractionsCodec : IFieldCodec<RecentInteractions>
{
    /// <inheritdoc />
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, RecentInteractions value)
        where TBufferWriter : IBufferWriter<byte>
    {
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(RecentInteractions), WireType.LengthPrefixed);
        var length = value.EncodedLength();
        writer.WriteVarUInt32((uint)length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            value.Encode(buffer);
            writer.Write(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public RecentInteractions ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        ReferenceCodec.MarkValueField(reader.Session);
        field.EnsureWireType(WireType.LengthPrefixed);
        var length = reader.ReadVarUInt32();
        return RecentInteractions.Decode(reader.ReadBytes(length));
    }
}

/// <summary>Copies recent interactions deeply: the copy shares no buffer with the original.</summary>
[RegisterCopier]
internal sealed class RecentInteractionsCopier : IDeepCopier<RecentInteractions>
{
    /// <inheritdoc />
    public RecentInteractions DeepCopy(RecentInteractions input, CopyContext context) => input.Clone();
}
