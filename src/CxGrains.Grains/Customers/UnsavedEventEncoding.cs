using System.Buffers.Binary;
using System.Text;
using CxGrains.Abstractions;
using CxGrains.Scoring;

namespace CxGrains.Grains.Customers;

/// <summary>
/// How <see cref="UnsavedEvents"/> keeps an event: every field, in a compact layout written straight into the
/// customer's buffer, allocating nothing.
/// </summary>
/// <remarks>
/// Written by hand rather than with Orleans' serializer: its per-call path allocated 100–170 bytes and took
/// microseconds per event, and this runs for every event applied. The journal stores the same layout after a format
/// byte (<see cref="JournalEventCodec"/>), so a change to it takes a new format byte there. Little-endian: event id
/// and touchpoint id (int32 UTF-8 byte length, then the bytes), channel and stage (a byte each), the interaction
/// (kind byte, business time int64, score int32, wait, handle float64, flags byte: resolved 1, first contact 2,
/// abandoned 4, transfers int32, sentiment, amount float64), received time (int64), attributes (int32 count, then key
/// and value as text), reason codes (int32 count, then text), comment (a byte 0 for none or 1, then text).
/// </remarks>
internal static class UnsavedEventEncoding
{
    private const int FixedBytes = (4 * 2) + 2 + (1 + 8 + 4 + 8 + 8 + 1 + 4 + 8 + 8) + 8 + 4 + 4 + 1;

    /// <summary>At least the bytes <see cref="Write"/> takes for <paramref name="e"/>.</summary>
    public static int MaxLength(CustomerEvent e)
    {
        var length = FixedBytes + MaxTextBytes(e.EventId) + MaxTextBytes(e.TouchpointId) + MaxTextBytes(e.Comment);
        foreach (var (key, value) in AsDictionary(e.Attributes))
        {
            length += MaxTextBytes(key) + MaxTextBytes(value);
        }

        for (var i = 0; i < e.ReasonCodes.Count; i++)
        {
            length += MaxTextBytes(e.ReasonCodes[i]);
        }

        return length;
    }

    /// <summary>Writes <paramref name="e"/> into <paramref name="target"/>, which holds at least <see cref="MaxLength"/> bytes.</summary>
    /// <returns>The bytes written.</returns>
    public static int Write(CustomerEvent e, Span<byte> target)
    {
        var at = LengthPrefixedText.Write(target, e.EventId);
        at += LengthPrefixedText.Write(target[at..], e.TouchpointId);
        target[at++] = (byte)e.Channel;
        target[at++] = (byte)e.Stage;

        var i = e.Interaction;
        target[at++] = (byte)i.Kind;
        BinaryPrimitives.WriteInt64LittleEndian(target[at..], i.OccurredAtTicks);
        BinaryPrimitives.WriteInt32LittleEndian(target[(at + 8)..], i.Score);
        BinaryPrimitives.WriteDoubleLittleEndian(target[(at + 12)..], i.WaitSeconds);
        BinaryPrimitives.WriteDoubleLittleEndian(target[(at + 20)..], i.HandleSeconds);
        target[at + 28] = (byte)((i.Resolved ? 1 : 0) | (i.FirstContact ? 2 : 0) | (i.Abandoned ? 4 : 0));
        BinaryPrimitives.WriteInt32LittleEndian(target[(at + 29)..], i.Transfers);
        BinaryPrimitives.WriteDoubleLittleEndian(target[(at + 33)..], i.Sentiment);
        BinaryPrimitives.WriteDoubleLittleEndian(target[(at + 41)..], i.Amount);
        BinaryPrimitives.WriteInt64LittleEndian(target[(at + 49)..], e.ReceivedAtTicks);
        at += 57;

        BinaryPrimitives.WriteInt32LittleEndian(target[at..], e.Attributes.Count);
        at += 4;
        foreach (var (key, value) in AsDictionary(e.Attributes))
        {
            at += LengthPrefixedText.Write(target[at..], key);
            at += LengthPrefixedText.Write(target[at..], value);
        }

        BinaryPrimitives.WriteInt32LittleEndian(target[at..], e.ReasonCodes.Count);
        at += 4;
        for (var r = 0; r < e.ReasonCodes.Count; r++)
        {
            at += LengthPrefixedText.Write(target[at..], e.ReasonCodes[r]);
        }

        target[at++] = e.Comment is null ? (byte)0 : (byte)1;
        if (e.Comment is not null)
        {
            at += LengthPrefixedText.Write(target[at..], e.Comment);
        }

        return at;
    }

    /// <summary>Reads back one event <see cref="Write"/> wrote as <paramref name="source"/>.</summary>
    public static CustomerEvent Read(ReadOnlySpan<byte> source)
    {
        var at = 0;
        var eventId = ReadText(source, ref at);
        var touchpointId = ReadText(source, ref at);
        var channel = (InteractionChannel)source[at++];
        var stage = (JourneyStage)source[at++];

        var kind = (InteractionKind)source[at++];
        var flags = source[at + 28];
        var interaction = Interaction.FromParts(
            kind,
            occurredAtTicks: BinaryPrimitives.ReadInt64LittleEndian(source[at..]),
            score: BinaryPrimitives.ReadInt32LittleEndian(source[(at + 8)..]),
            waitSeconds: BinaryPrimitives.ReadDoubleLittleEndian(source[(at + 12)..]),
            handleSeconds: BinaryPrimitives.ReadDoubleLittleEndian(source[(at + 20)..]),
            resolved: (flags & 1) != 0,
            firstContact: (flags & 2) != 0,
            transfers: BinaryPrimitives.ReadInt32LittleEndian(source[(at + 29)..]),
            abandoned: (flags & 4) != 0,
            sentiment: BinaryPrimitives.ReadDoubleLittleEndian(source[(at + 33)..]),
            amount: BinaryPrimitives.ReadDoubleLittleEndian(source[(at + 41)..]));
        var receivedAtTicks = BinaryPrimitives.ReadInt64LittleEndian(source[(at + 49)..]);
        at += 57;

        var attributeCount = BinaryPrimitives.ReadInt32LittleEndian(source[at..]);
        at += 4;
        var attributes = new Dictionary<string, string>(attributeCount);
        for (var a = 0; a < attributeCount; a++)
        {
            var key = ReadText(source, ref at);
            attributes[key] = ReadText(source, ref at);
        }

        var reasonCount = BinaryPrimitives.ReadInt32LittleEndian(source[at..]);
        at += 4;
        var reasons = new string[reasonCount];
        for (var r = 0; r < reasonCount; r++)
        {
            reasons[r] = ReadText(source, ref at);
        }

        var comment = source[at++] == 1 ? ReadText(source, ref at) : null;
        return new CustomerEvent
        {
            EventId = eventId,
            TouchpointId = touchpointId,
            Channel = channel,
            Stage = stage,
            Interaction = interaction,
            ReceivedAtTicks = receivedAtTicks,
            Attributes = attributes,
            ReasonCodes = reasons,
            Comment = comment,
        };
    }

    // Events carry the front end's shared sets, which are dictionaries: enumerated as one, they allocate no enumerator.
    private static Dictionary<string, string> AsDictionary(IReadOnlyDictionary<string, string> attributes) =>
        attributes as Dictionary<string, string> ?? new Dictionary<string, string>(attributes);

    private static int MaxTextBytes(string? text) => LengthPrefixedText.MaxBytes(text?.Length ?? 0);


    private static string ReadText(ReadOnlySpan<byte> source, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(source[at..]);
        var text = Encoding.UTF8.GetString(source.Slice(at + 4, length));
        at += 4 + length;
        return text;
    }
}
