using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// The stored form of recent interactions, written straight from the in-memory one: a write makes no
/// string or record per interaction (<see cref="RecentInteractionsCodec"/>).
/// </summary>
/// <remarks>
/// Layout, little-endian: version byte (1), entry count (int32), then per entry, newest first: event id
/// (int32 byte length, UTF-8), touchpoint id (the same), business time (int64 ticks), signal (float64),
/// kind, channel and negative (a byte each).
/// </remarks>
public partial struct RecentInteractions
{
    private const byte EncodingVersion = 1;
    private const int FixedBytesPerEntry = 4 + 4 + 8 + 8 + 3;

    /// <summary>Bytes <see cref="Encode"/> writes.</summary>
    internal readonly int EncodedLength()
    {
        var length = 1 + 4 + (Count * FixedBytesPerEntry);
        for (var i = 0; i < Count; i++)
        {
            var entry = _entries[i];
            length += Encoding.UTF8.GetByteCount(_ids.AsSpan(entry.IdStart, entry.IdLength));
            length += Encoding.UTF8.GetByteCount(entry.TouchpointId);
        }

        return length;
    }

    /// <summary>Writes the stored form into <paramref name="target"/>, which holds at least <see cref="EncodedLength"/> bytes.</summary>
    internal readonly void Encode(Span<byte> target)
    {
        target[0] = EncodingVersion;
        BinaryPrimitives.WriteInt32LittleEndian(target[1..], Count);
        var at = 5;
        for (var i = 0; i < Count; i++)
        {
            var entry = _entries[i];
            at += LengthPrefixedText.Write(target[at..], _ids.AsSpan(entry.IdStart, entry.IdLength));
            at += LengthPrefixedText.Write(target[at..], entry.TouchpointId);
            BinaryPrimitives.WriteInt64LittleEndian(target[at..], entry.OccurredAtTicks);
            BinaryPrimitives.WriteDoubleLittleEndian(target[(at + 8)..], entry.Signal);
            target[at + 16] = (byte)entry.Kind;
            target[at + 17] = (byte)entry.Channel;
            target[at + 18] = entry.Negative ? (byte)1 : (byte)0;
            at += 19;
        }
    }

    /// <summary>Reads the stored form; ids land in one exactly sized buffer, as <see cref="From"/> does.</summary>
    /// <exception cref="FormatException">The bytes are not this layout.</exception>
    internal static RecentInteractions Decode(ReadOnlySpan<byte> source)
    {
        if (source.Length < 5 || source[0] != EncodingVersion)
        {
            throw new FormatException($"Recent interactions: expected encoding version {EncodingVersion} and a count, got {source.Length} bytes");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(source[1..]);
        if (count < 0 || count > (source.Length - 5) / FixedBytesPerEntry)
        {
            throw new FormatException($"Recent interactions: {count} entries cannot fit in {source.Length} bytes");
        }

        // Ids are decoded into a pooled buffer first: their total length in characters is known only once decoded.
        var ids = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(source.Length));
        try
        {
            return DecodeEntries(source, count, ids);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(ids);
        }
    }

    private static RecentInteractions DecodeEntries(ReadOnlySpan<byte> source, int count, char[] ids)
    {
        var entries = new RecentEntry[count];
        var used = 0;
        var at = 5;
        for (var i = 0; i < count; i++)
        {
            var id = ReadText(source, ref at);
            var idLength = Encoding.UTF8.GetChars(id, ids.AsSpan(used));
            var touchpointId = Encoding.UTF8.GetString(ReadText(source, ref at));
            var fixedPart = Slice(source, at, 19);
            if (fixedPart[18] > 1)
            {
                throw new FormatException($"Recent interactions: entry {i} has {fixedPart[18]} for negative, not 0 or 1");
            }

            // Kind and channel are kept as they are, as the earlier layout did: a newer writer may know more values.
            entries[i] = new RecentEntry(used, idLength, touchpointId, BinaryPrimitives.ReadInt64LittleEndian(fixedPart),
                BinaryPrimitives.ReadDoubleLittleEndian(fixedPart[8..]), (InteractionKind)fixedPart[16], (InteractionChannel)fixedPart[17], fixedPart[18] == 1);
            used += idLength;
            at += 19;
        }

        if (at != source.Length)
        {
            throw new FormatException($"Recent interactions: {source.Length - at} bytes after the last entry");
        }

        return new RecentInteractions { _entries = entries, _ids = ids.AsSpan(0, used).ToArray(), _idsUsed = used };
    }

    /// <summary>A copy that shares no array with this one.</summary>
    internal readonly RecentInteractions Clone() => new()
    {
        _entries = _entries is null ? [] : (RecentEntry[])_entries.Clone(),
        _ids = _ids is null ? [] : (char[])_ids.Clone(),
        _idsUsed = _idsUsed,
    };

    private static ReadOnlySpan<byte> ReadText(ReadOnlySpan<byte> source, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(Slice(source, at, 4));
        var text = Slice(source, at + 4, length);
        at += 4 + length;
        return text;
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> source, int at, int length) =>
        length >= 0 && at <= source.Length - length
            ? source.Slice(at, length)
            : throw new FormatException($"Recent interactions: {length} bytes at {at} run past the end ({source.Length} bytes)");
}
