using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CxGrains.Persistence;

/// <summary>
/// The grain-id rewrite that makes AdoNet storage keys collision-free.
/// </summary>
/// <remarks>
/// <para>
/// The Orleans 10 AdoNet provider stores a grain under (service id, state name, key parts) and
/// derives the key parts by parsing <see cref="GrainId.Key"/>: text that parses as hexadecimal
/// becomes a 64-bit integer (so <c>"00abc890"</c>, <c>"abc890"</c> and <c>"ABC890"</c> are one
/// key), 32 hex digits become a GUID, a <c>'+'</c> splits off a "key extension", and the grain
/// type is not stored at all.
/// </para>
/// <para>
/// The storage id keeps the grain type and replaces the key with
/// <c>"k:" + Escape(grain type) + "/" + Escape(grain key)</c>, where <c>Escape</c> keeps the
/// UTF-8 bytes <c>A–Z a–z 0–9 - _ . ~</c> and writes every other byte as <c>%XX</c> (upper-case
/// hex). Why nothing can collide:
/// </para>
/// <list type="number">
/// <item><description>The first character is <c>'k'</c>, not a hex digit, and <c>'+'</c> never
/// appears (it is escaped), so the provider can never parse the key as an integer or a GUID or
/// split it: it always takes the plain string path and stores the whole text.</description></item>
/// <item><description><c>Escape</c> is injective (a byte is either kept, and then it is not
/// <c>'%'</c>, or written as a unique <c>%XX</c>), and <c>'/'</c> is always escaped inside a part,
/// so the single literal <c>'/'</c> separates type from key unambiguously: different
/// (type, key) pairs give different storage keys.</description></item>
/// <item><description>The grain type is part of the key, so two grain classes with the same key
/// and state name get different rows.</description></item>
/// </list>
/// <para>The output is ASCII and stays readable for ordinary ids: <c>k:customer/C-10023</c>.</para>
/// </remarks>
public static class StorageKeyScheme
{
    /// <summary>The prefix of every storage key; it is what keeps the key from parsing as hex.</summary>
    public const string Prefix = "k:";

    private const char Separator = '/';
    private const string HexDigits = "0123456789ABCDEF";

    /// <summary>Returns the id under which <paramref name="grainId"/> is stored.</summary>
    /// <param name="grainId">The grain's own id.</param>
    public static GrainId ToStorageId(GrainId grainId) =>
        GrainId.Create(grainId.Type, IdSpan.Create(ToStorageKey(grainId)));

    /// <summary>Returns the storage key text for <paramref name="grainId"/>, e.g. <c>k:customer/00abc890</c>.</summary>
    /// <param name="grainId">The grain's own id.</param>
    public static string ToStorageKey(GrainId grainId)
    {
        var type = grainId.Type.AsSpan();
        var key = grainId.Key.AsSpan();
        var builder = new StringBuilder(Prefix.Length + type.Length + key.Length + 1 + 16);
        builder.Append(Prefix);
        Escape(type, builder);
        builder.Append(Separator);
        Escape(key, builder);
        return builder.ToString();
    }

    /// <summary>
    /// Reverses <see cref="ToStorageKey(GrainId)"/>: finds the grain type and key of a stored row,
    /// for diagnostics and data repair.
    /// </summary>
    /// <param name="storageKey">A key produced by <see cref="ToStorageKey(GrainId)"/>.</param>
    /// <param name="grainId">The original grain id.</param>
    /// <returns><see langword="true"/> if <paramref name="storageKey"/> is a well-formed storage key.</returns>
    public static bool TryParse(string? storageKey, [NotNullWhen(true)] out GrainId? grainId)
    {
        grainId = null;
        if (storageKey is null || !storageKey.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = storageKey.AsSpan(Prefix.Length);
        var separator = body.IndexOf(Separator);
        if (separator < 0
            || !TryUnescape(body[..separator], out var type)
            || !TryUnescape(body[(separator + 1)..], out var key))
        {
            return false;
        }

        grainId = GrainId.Create(new GrainType(type), new IdSpan(key));
        return true;
    }

    private static void Escape(ReadOnlySpan<byte> utf8, StringBuilder builder)
    {
        foreach (var b in utf8)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
    }

    private static bool TryUnescape(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        var output = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length)
                {
                    return false;
                }

                var high = HexDigits.IndexOf(text[i + 1], StringComparison.Ordinal);
                var low = HexDigits.IndexOf(text[i + 2], StringComparison.Ordinal);
                if (high < 0 || low < 0)
                {
                    return false;
                }

                output.Add((byte)((high << 4) | low));
                i += 2;
            }
            else if (c < 0x80 && IsUnreserved((byte)c))
            {
                output.Add((byte)c);
            }
            else
            {
                // Only the canonical form parses, so parsing is the exact inverse of escaping.
                return false;
            }
        }

        bytes = output.ToArray();
        return true;
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
