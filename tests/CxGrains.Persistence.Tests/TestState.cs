namespace CxGrains.Persistence.Tests;

[GenerateSerializer]
[Alias("cx.tests.test-state")]
public sealed class TestState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string Text { get; set; } = string.Empty;
}
