using System.ComponentModel.DataAnnotations;
using System.Reflection;
using CxGrains.Grains.Storage;
using CxGrains.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace CxGrains.Deploy.Tests;

/// <summary>
/// Checks environment settings (<c>Cx__Section__Setting</c>) against the host's real options
/// classes: each key must name a property of a class bound from a <c>Cx:</c> section, each value
/// must bind to its type, and the bound options must pass their validation.
/// </summary>
public static class HostSettings
{
    /// <summary>Every options class with a <c>Section</c> constant, by section path.</summary>
    public static IReadOnlyDictionary<string, Type> Sections { get; } = FindSections();

    /// <summary>The problems of <paramref name="environment"/>'s <c>Cx__</c> settings; empty when all bind and validate.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string?> environment, string where)
    {
        var problems = new List<string>();
        var settings = environment
            .Where(e => e.Key.StartsWith("Cx__", StringComparison.Ordinal))
            .ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value, StringComparer.OrdinalIgnoreCase);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in settings.Keys)
        {
            var section = Sections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
            if (section is not null)
            {
                used.Add(section);
            }
            else if (string.Equals(key, HostModes.Key, StringComparison.OrdinalIgnoreCase))
            {
                // A single value, not a section: read it the way the host does.
                try
                {
                    HostModes.Read(configuration);
                }
                catch (Microsoft.Extensions.Options.OptionsValidationException ex)
                {
                    problems.Add($"{where}: {ex.Message}");
                }
            }
            else
            {
                problems.Add($"{where}: {key} belongs to no options section ({string.Join(", ", Sections.Keys)})");
            }
        }

        foreach (var section in used)
        {
            var type = Sections[section];
            object? options;
            try
            {
                options = configuration.GetSection(section).Get(type, o => o.ErrorOnUnknownConfiguration = true) ?? Activator.CreateInstance(type)!;
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"{where}: {section}: {ex.Message}");
                continue;
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                problems.AddRange(results.Select(r => $"{where}: {section}: {r.ErrorMessage}"));
            }
        }

        return problems;
    }

    /// <summary>Binds the <c>Cx__</c> settings of <paramref name="environment"/> under <paramref name="section"/> into <typeparamref name="T"/>.</summary>
    public static T Bind<T>(IReadOnlyDictionary<string, string?> environment, string section) where T : new()
    {
        var settings = environment
            .Where(e => e.Key.StartsWith("Cx__", StringComparison.Ordinal))
            .ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value);
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(section).Get<T>() ?? new T();
    }

    private static Dictionary<string, Type> FindSections()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in new[] { typeof(CxClusterOptions).Assembly, typeof(DurabilityOptions).Assembly })
        {
            foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null))
            {
                if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                    && field.GetRawConstantValue() is string section && section.StartsWith("Cx:", StringComparison.Ordinal))
                {
                    sections[section] = type;
                }
            }
        }

        return sections;
    }
}
