namespace CxGrains.Admin.Tests;

/// <summary>Runs cx-admin's entry point in this process, as the console would, capturing what it prints.</summary>
internal static class CxAdmin
{
    public static Task<CxAdminResult> RunAsync(params string[] args) => RunAsync(_ => null, args);

    public static async Task<CxAdminResult> RunAsync(Func<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await AdminCommand.RunAsync(args, output, error, environment);
        return new CxAdminResult(exitCode, output.ToString(), error.ToString());
    }
}
