using System.Buffers.Binary;
using System.Text;

namespace CxGrains.Grains.Customers;

/// <summary>Text in the layouts written by hand: its UTF-8 byte length (int32, little-endian), then the bytes.</summary>
internal static class LengthPrefixedText
{
    /// <summary>At least the bytes <see cref="Write"/> takes for <paramref name="chars"/> characters.</summary>
    public static int MaxBytes(int chars) => sizeof(int) + Encoding.UTF8.GetMaxByteCount(chars);

    /// <summary>Writes <paramref name="text"/> at the start of <paramref name="target"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> target, ReadOnlySpan<char> text)
    {
        var length = Encoding.UTF8.GetBytes(text, target[sizeof(int)..]);
        BinaryPrimitives.WriteInt32LittleEndian(target, length);
        return sizeof(int) + length;
    }
}
