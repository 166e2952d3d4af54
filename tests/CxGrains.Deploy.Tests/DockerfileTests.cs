using CxGrains.Host.Hosting;

namespace CxGrains.Deploy.Tests;

/// <summary>The Dockerfile: SDK build stage, ASP.NET runtime stage, non-root, ports, settings, entry point.</summary>
[Trait("Tier", "Fast")]
public sealed class DockerfileTests
{
    private static readonly string[] RootUsers = ["root", "0", "0:0"];

    private readonly Dockerfile _dockerfile = new();

    [Fact]
    public void Builds_with_the_SDK_and_runs_on_the_ASP_NET_runtime_of_the_same_version()
    {
        var from = _dockerfile.Arguments("FROM", finalStageOnly: false).ToList();
        Assert.Equal(2, from.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build", from[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}", from[1], StringComparison.Ordinal);
        Assert.Contains(_dockerfile.Instructions, i => i.Keyword == "ARG" && i.Arguments == "DOTNET_VERSION=10.0");
        Assert.Contains(_dockerfile.Arguments("COPY"), a => a.StartsWith("--from=build ", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_copied_source_exists()
    {
        foreach (var copy in _dockerfile.Arguments("COPY", finalStageOnly: false).Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
        {
            var sources = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1];
            Assert.All(sources, s => Assert.True(File.Exists(RepoFiles.PathOf(s)) || Directory.Exists(RepoFiles.PathOf(s)), $"COPY {s}: not in the repository"));
        }
    }

    [Fact]
    public void Runs_as_a_non_root_user()
    {
        var user = Assert.Single(_dockerfile.Arguments("USER"));
        Assert.DoesNotContain(user, RootUsers);
    }

    [Fact]
    public void Exposes_the_ports_it_listens_on_and_listens_on_every_interface()
    {
        var env = _dockerfile.Environment();
        Assert.Empty(HostSettings.Problems(env, "Dockerfile ENV"));
        var endpoints = HostSettings.Bind<EndpointOptions>(env, EndpointOptions.Section);
        var cluster = HostSettings.Bind<CxClusterOptions>(env, CxClusterOptions.Section);
        Assert.Equal("0.0.0.0", endpoints.ListenAddress);
        var exposed = _dockerfile.Arguments("EXPOSE").SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).Order();
        Assert.Equal(new[] { endpoints.GrpcPort, endpoints.HttpPort, cluster.SiloPort, cluster.GatewayPort }.Order(), exposed);
        Assert.Equal([5000, 5080, 11111, 30000], exposed);
    }

    [Fact]
    public void Starts_the_host_assembly()
    {
        var entry = _dockerfile.ExecForm("ENTRYPOINT");
        Assert.Equal(["dotnet", $"{typeof(CxGrains.Host.CxHost).Assembly.GetName().Name}.dll"], entry);
    }

    [Fact]
    public void Health_check_asks_healthz()
    {
        var command = string.Join(' ', _dockerfile.HealthCheckCommand());
        Assert.Contains("GET /healthz ", command, StringComparison.Ordinal);
        Assert.DoesNotContain("/readyz", command, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerignore_keeps_build_output_and_local_data_out_of_the_context()
    {
        var ignored = RepoFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("**/*.db", ignored);
        Assert.Contains(".git/", ignored);

        // Nothing the Dockerfile copies may be ignored.
        foreach (var copy in _dockerfile.Arguments("COPY", finalStageOnly: false).Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
        {
            foreach (var source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            {
                Assert.DoesNotContain(source.TrimEnd('/') + "/", ignored);
                Assert.DoesNotContain(source, ignored);
            }
        }
    }
}
