namespace CxGrains.Deploy.Tests;

/// <summary>Finds the repository's files from the test's output folder.</summary>
public static class RepoFiles
{
    /// <summary>The folder holding CxGrains.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The absolute path of a repository-relative path (either slash).</summary>
    public static string PathOf(string relative)
    {
        var path = relative.Replace('\\', '/');
        path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path.TrimStart('/');
        return Path.GetFullPath(Path.Combine(Root, path));
    }

    /// <summary>The text of a repository file.</summary>
    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CxGrains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CxGrains.sln not found above {AppContext.BaseDirectory}.");
    }
}
