using CxGrains.Contracts.V1;
using CxGrains.Scoring;
using Google.Protobuf.Reflection;

namespace CxGrains.Host.Live;

/// <summary>Window names as the query API writes them (<c>ONE_MINUTE</c> …), and the group each (topic, window) pair maps to.</summary>
public static class LiveWindows
{
    private static readonly EnumDescriptor Descriptor = MetricsReflection.Descriptor.FindTypeByName<EnumDescriptor>("Window");

    /// <summary>Accepted names, in order.</summary>
    public static readonly IReadOnlyList<string> Names = [.. Enum.GetValues<WindowKind>().Select(NameOf)];

    /// <summary>The query API's name of a window, e.g. <c>ONE_MINUTE</c>.</summary>
    public static string NameOf(WindowKind window) => Descriptor.FindValueByNumber((int)window).Name;

    /// <summary>Parses a window name (case-insensitive).</summary>
    public static bool TryParse(string? name, out WindowKind window)
    {
        var value = name is null ? null : Descriptor.FindValueByName(name.ToUpperInvariant());
        window = value is null ? default : (WindowKind)value.Number;
        return value is not null && Enum.IsDefined(window);
    }

    /// <summary>The SignalR group of an aggregate topic in one window.</summary>
    public static string Group(string topic, WindowKind window) => $"{topic}@{NameOf(window)}";
}
