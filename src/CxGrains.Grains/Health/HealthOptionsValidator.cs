using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Health;

/// <summary>Checks <c>Cx:Health</c> at start-up; every message names the setting at fault.</summary>
public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scorecards.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = ScorecardSet.Problems(options.Scorecards)
            .Select(p => $"{HealthOptions.Section}:Scorecards:{p.Index}:{p.Setting} {p.Problem}")
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
