using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace CxGrains.Bench;

/// <summary>Versions a benchmark ran with.</summary>
/// <param name="Runtime">.NET runtime, e.g. ".NET 10.0.12".</param>
/// <param name="Sdk">.NET SDK (<c>dotnet --version</c>).</param>
/// <param name="Orleans">Microsoft.Orleans.Server from Directory.Packages.props.</param>
/// <param name="Commit">The commit measured (git rev-parse HEAD).</param>
/// <param name="Dirty">True when the working tree had uncommitted changes.</param>
/// <param name="Postgres">PostgreSQL server version of the durable runs, when they ran.</param>
public sealed record VersionInfo(string Runtime, string Sdk, string Orleans, string Commit, bool Dirty, string? Postgres)
{
    /// <summary>Reads the versions of the repository at <paramref name="layout"/>.</summary>
    public static async Task<VersionInfo> ReadAsync(RepoLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var timeout = TimeSpan.FromSeconds(30);
        var sdk = await ChildProcess.RunAsync("dotnet", ["--version"], timeout, layout.Root, cancellationToken: cancellationToken);
        var commit = await ChildProcess.RunAsync("git", ["rev-parse", "HEAD"], timeout, layout.Root, cancellationToken: cancellationToken);
        var status = await ChildProcess.RunAsync("git", ["status", "--porcelain", "--untracked-files=no"], timeout, layout.Root, cancellationToken: cancellationToken);
        var orleans = XDocument.Load(layout.PackagesProps).Descendants("PackageVersion")
            .FirstOrDefault(p => (string?)p.Attribute("Include") == "Microsoft.Orleans.Server")?.Attribute("Version")?.Value ?? "unknown";
        return new VersionInfo(
            RuntimeInformation.FrameworkDescription,
            sdk.ExitCode == 0 ? sdk.Output.Trim() : "unknown",
            orleans,
            commit.ExitCode == 0 ? commit.Output.Trim() : "unknown",
            status.ExitCode == 0 && status.Output.Trim().Length > 0,
            Postgres: null);
    }
}
