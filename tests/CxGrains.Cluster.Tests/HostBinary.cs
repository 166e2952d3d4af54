using System.Reflection;

namespace CxGrains.Cluster.Tests;

/// <summary>Finds the built <c>CxGrains.Host.dll</c> the processes run (same configuration as these tests).</summary>
internal static class HostBinary
{
    /// <summary>Overrides the path of the host dll.</summary>
    public const string Variable = "CX_HOST_DLL";

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
