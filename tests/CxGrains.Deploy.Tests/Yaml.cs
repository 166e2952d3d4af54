using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CxGrains.Deploy.Tests;

/// <summary>
/// Loads YAML (merge keys resolved, several documents per file) into plain maps, lists and strings,
/// and reads them with messages that say where a value was expected.
/// </summary>
public static class Yaml
{
    /// <summary>Every document of <paramref name="text"/>.</summary>
    public static IReadOnlyList<object?> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return [.. stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }).Select(d => Convert(d.RootNode))];
    }

    /// <summary>The single document of <paramref name="text"/>.</summary>
    public static Dictionary<string, object?> Load(string text) => Map(LoadAll(text).Single(), "document");

    /// <summary>A mapping.</summary>
    public static Dictionary<string, object?> Map(object? node, string what) =>
        node as Dictionary<string, object?> ?? throw new Xunit.Sdk.XunitException($"{what}: expected a mapping, found {Describe(node)}.");

    /// <summary>A sequence.</summary>
    public static List<object?> Seq(object? node, string what) =>
        node as List<object?> ?? throw new Xunit.Sdk.XunitException($"{what}: expected a list, found {Describe(node)}.");

    /// <summary>A scalar.</summary>
    public static string Str(object? node, string what) =>
        node as string ?? throw new Xunit.Sdk.XunitException($"{what}: expected a value, found {Describe(node)}.");

    /// <summary>The child <paramref name="key"/> of a mapping, or null.</summary>
    public static object? Get(this Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key);

    /// <summary>Follows a path of keys through nested mappings; null when a step is missing.</summary>
    public static object? At(this object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => Convert(c.Value), StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static string Describe(object? node) => node switch
    {
        null => "nothing",
        string s => $"'{s}'",
        List<object?> => "a list",
        _ => "a mapping",
    };
}
