using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Binds and validates an options section before the container exists (the silo, the cluster client
/// and Kestrel are configured that early), with the messages <c>ValidateOnStart</c> would give.
/// </summary>
internal static class ConfiguredOptions
{
    /// <summary>The section bound to <typeparamref name="T"/>, validated by its data annotations.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static T Bind<T>(IConfiguration configuration, string section) where T : class, new()
    {
        var config = configuration.GetSection(section);
        var options = config.Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, typeof(T), [.. results.Select(r => Describe(section, r))]);
        }

        return options;
    }

    // Messages that already name their setting stay as they are; the others get the section prefixed.
    private static string Describe(string section, ValidationResult result) =>
        result.ErrorMessage is { } message && message.StartsWith("Cx:", StringComparison.Ordinal)
            ? message
            : $"{section}: {result.ErrorMessage}";
}
