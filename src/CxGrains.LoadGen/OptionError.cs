namespace CxGrains.LoadGen;

/// <summary>A setting that failed validation.</summary>
/// <param name="Setting">The property name, e.g. <c>BatchSize</c>.</param>
/// <param name="Message">What is wrong and what is accepted, without the setting's name.</param>
public readonly record struct OptionError(string Setting, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Setting}: {Message}";
}
