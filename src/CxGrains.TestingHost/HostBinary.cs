using System.Reflection;

namespace CxGrains.TestingHost;

/// <summary>
/// Finds the built <c>CxGrains.Host.dll</c> that <see cref="HostProcess"/> runs: the repository's
/// build output in the configuration this library was built in, unless <see cref="Variable"/> names one.
/// </summary>
public static class HostBinary
{
    /// <summary>Overrides the path of the host dll.</summary>
    public const string Variable = "CX_HOST_DLL";

    /// <summary>The host dll.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"{Variable} names no file.", configured);
        }

        var configuration = typeof(HostBinary).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CxGrains.sln")))
            {
                var dll = System.IO.Path.Combine(dir.FullName, "src", "CxGrains.Host", "bin", configuration, framework, "CxGrains.Host.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build src/CxGrains.Host in {configuration} first.", dll);
            }
        }

        throw new DirectoryNotFoundException($"No CxGrains.sln above {AppContext.BaseDirectory}; set {Variable}.");
    }
}
