using System.Reflection;

namespace CxGrains.Bench;

/// <summary>Where the repository and the build outputs the benchmark runs live.</summary>
/// <param name="Root">The repository root (the folder holding CxGrains.sln).</param>
/// <param name="Configuration">Build configuration of the outputs to run, e.g. Release.</param>
public sealed record RepoLayout(string Root, string Configuration)
{
    private const string TargetFramework = "net10.0";

    /// <summary>The built silo host.</summary>
    public string HostDll => Output("src/CxGrains.Host", "CxGrains.Host.dll");

    /// <summary>The built load generator.</summary>
    public string LoadGenDll => Output("src/CxGrains.LoadGen", "cx-loadgen.dll");

    /// <summary>The grain memory probe's project folder.</summary>
    public string GrainMemoryProject => Path.Combine(Root, "bench", "CxGrains.GrainMemory");

    /// <summary>Folder of the dated result files.</summary>
    public string ResultsDirectory => Path.Combine(Root, "bench", "results");

    /// <summary>The benchmark document whose "End-to-end ingest" section a run rewrites.</summary>
    public string BenchmarksDoc => Path.Combine(Root, "docs", "benchmarks.md");

    /// <summary>Central package versions (the Orleans version is read from here).</summary>
    public string PackagesProps => Path.Combine(Root, "Directory.Packages.props");

    /// <summary>
    /// The repository above <paramref name="start"/> (default: this assembly's folder), with the
    /// configuration this assembly was built in.
    /// </summary>
    public static RepoLayout Find(string? start = null)
    {
        var directory = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CxGrains.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"No CxGrains.sln above {start ?? AppContext.BaseDirectory}; run the benchmark from the repository.");
        }

        var configuration = typeof(RepoLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        return new RepoLayout(directory.FullName, configuration);
    }

    /// <summary>Throws, naming the build command, when an output the run needs is missing.</summary>
    public void RequireBuilt()
    {
        foreach (var file in new[] { HostDll, LoadGenDll })
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"{file} is missing; build first: dotnet build bench/CxGrains.Bench -c {Configuration}");
            }
        }
    }

    private string Output(string project, string file) => Path.Combine(Root, project, "bin", Configuration, TargetFramework, file);
}
