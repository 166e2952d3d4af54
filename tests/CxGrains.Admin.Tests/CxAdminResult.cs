namespace CxGrains.Admin.Tests;

/// <summary>What one cx-admin run returned and printed.</summary>
internal sealed record CxAdminResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Output}{Error}";
}
