using System.Net;
using CxGrains.Host.Hosting;
using Npgsql;

namespace CxGrains.Deploy.Tests;

/// <summary>docker-compose.yml: services, images, ports, settings, dependencies and mounted files (no Docker engine needed).</summary>
[Trait("Tier", "Fast")]
public sealed class ComposeFileTests
{
    private static readonly string[] Silos = ["silo1", "silo2", "silo3"];
    private static readonly string[] Conditions = ["service_started", "service_healthy", "service_completed_successfully"];

    private readonly ComposeFile _compose = new();

    [Fact]
    public void Has_postgres_three_silos_a_front_end_prometheus_and_grafana()
    {
        Assert.Equal(["frontend", "grafana", "postgres", "prometheus", "silo1", "silo2", "silo3"], _compose.Services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["frontend", .. Silos], _compose.CxServices.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_service_has_an_image_or_a_build_whose_Dockerfile_exists()
    {
        foreach (var (name, service) in _compose.Services)
        {
            var image = service.Get("image") as string;
            var build = service.Get("build");
            Assert.True(image is not null || build is not null, $"{name} has neither image nor build");
            if (build is not null)
            {
                var context = Yaml.Str(build.At("context"), $"{name}.build.context");
                var dockerfile = build.At("dockerfile") as string ?? "Dockerfile";
                Assert.True(File.Exists(RepoFiles.PathOf(Path.Combine(context, dockerfile))), $"{name}: {context}/{dockerfile} does not exist");
            }
            else
            {
                // Third-party images are pinned to a version, never "latest".
                Assert.Matches(@"^[\w./-]+:v?\d[\w.-]*$", image);
            }
        }

        // One image for every CxGrains process, built once.
        Assert.Single(_compose.CxServices.Select(s => _compose.Services[s].Get("image")).Distinct());
    }

    [Fact]
    public void Every_Cx_setting_binds_to_a_real_option_and_validates()
    {
        foreach (var service in _compose.CxServices)
        {
            var env = _compose.Environment(service);
            Assert.Contains(env.Keys, k => k.StartsWith("Cx__", StringComparison.Ordinal));
            Assert.Empty(HostSettings.Problems(env, service));
        }
    }

    [Fact]
    public void Silos_cluster_and_store_in_the_compose_PostgreSQL_and_advertise_their_own_fixed_address()
    {
        var postgres = _compose.Environment("postgres");
        var subnet = Yaml.Str(Yaml.Seq(_compose.Root.At("networks", "cx", "ipam", "config"), "networks.cx.ipam.config").Single().At("subnet"), "subnet");
        var advertised = new List<string>();
        foreach (var service in _compose.CxServices)
        {
            var env = _compose.Environment(service);
            Assert.Equal("Postgres", env["Cx__Cluster__Clustering"]);
            Assert.Equal("Postgres", env["Cx__Storage__Provider"]);
            Assert.Equal("0.0.0.0", env["Cx__Endpoints__ListenAddress"]);
            var connection = new NpgsqlConnectionStringBuilder(env["Cx__Storage__PostgresConnectionString"]);
            Assert.Equal("postgres", connection.Host);
            Assert.Equal(postgres["POSTGRES_DB"], connection.Database);
            Assert.Equal(postgres["POSTGRES_USER"], connection.Username);
            Assert.Equal(postgres["POSTGRES_PASSWORD"], connection.Password);
        }

        foreach (var silo in Silos)
        {
            var env = _compose.Environment(silo);
            var address = env["Cx__Cluster__AdvertisedAddress"]!;
            var assigned = Yaml.Str(_compose.Services[silo].At("networks", "cx", "ipv4_address"), $"{silo} networks.cx.ipv4_address");
            Assert.Equal(assigned, address);
            Assert.True(InSubnet(IPAddress.Parse(address), subnet), $"{silo}: {address} is outside {subnet}");
            Assert.False(env.ContainsKey("Cx__Mode") && env["Cx__Mode"] != "Silo", $"{silo} must run as a silo");
            advertised.Add(address);
        }

        Assert.Equal(advertised.Count, advertised.Distinct().Count());
        Assert.Equal("FrontEnd", _compose.Environment("frontend")["Cx__Mode"]);
    }

    [Fact]
    public void Published_ports_are_ports_the_service_listens_on_and_unique_on_the_host()
    {
        var hostPorts = new List<int>();
        foreach (var service in _compose.CxServices)
        {
            var endpoints = Bound<EndpointOptions>(service, EndpointOptions.Section);
            foreach (var (host, container) in _compose.Ports(service))
            {
                Assert.Contains(container, new[] { endpoints.GrpcPort, endpoints.HttpPort });
                hostPorts.Add(host);
            }
        }

        Assert.Equal([5000, 5080], _compose.Ports("frontend").Select(p => p.Host).Order());
        Assert.Equal([9090], _compose.Ports("prometheus").Select(p => p.Container));
        Assert.Equal([3000], _compose.Ports("grafana").Select(p => p.Container));
        hostPorts.AddRange(_compose.Ports("prometheus").Select(p => p.Host));
        hostPorts.AddRange(_compose.Ports("grafana").Select(p => p.Host));
        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
    }

    [Fact]
    public void Dependencies_exist_and_healthy_conditions_have_health_checks()
    {
        foreach (var service in _compose.Services.Keys)
        {
            foreach (var (dependency, condition) in _compose.DependsOn(service))
            {
                Assert.True(_compose.Services.ContainsKey(dependency), $"{service} depends on unknown {dependency}");
                Assert.Contains(condition, Conditions);
                if (condition == "service_healthy")
                {
                    Assert.True(_compose.Services[dependency].Get("healthcheck") is not null, $"{service} waits for {dependency} to be healthy, which has no healthcheck");
                }
            }
        }

        foreach (var silo in Silos)
        {
            Assert.Equal("service_healthy", _compose.DependsOn(silo)["postgres"]);
        }

        Assert.All(Silos, s => Assert.Equal("service_healthy", _compose.DependsOn("frontend")[s]));
        Assert.All(_compose.CxServices, s => Assert.Contains(s, _compose.DependsOn("prometheus").Keys));
        Assert.Contains("prometheus", _compose.DependsOn("grafana").Keys);
    }

    [Fact]
    public void CxGrains_health_checks_ask_readyz_on_the_HTTP_port()
    {
        foreach (var service in _compose.CxServices)
        {
            var test = string.Join(' ', Yaml.Seq(_compose.Services[service].At("healthcheck", "test"), $"{service}.healthcheck.test").Cast<string>());
            var http = Bound<EndpointOptions>(service, EndpointOptions.Section).HttpPort;
            Assert.Contains($"/dev/tcp/127.0.0.1/{http}", test, StringComparison.Ordinal);
            Assert.Contains("GET /readyz ", test, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_mounted_file_or_folder_exists_and_named_volumes_are_declared()
    {
        var declared = Yaml.Map(_compose.Root.Get("volumes") ?? new Dictionary<string, object?>(), "volumes").Keys;
        foreach (var service in _compose.Services.Keys)
        {
            foreach (var (source, _) in _compose.BindMounts(service))
            {
                var path = RepoFiles.PathOf(source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{service} mounts {source}, which does not exist");
            }

            foreach (var volume in _compose.NamedVolumes(service))
            {
                Assert.Contains(volume, declared);
            }
        }

        // PostgreSQL runs the schema scripts on its first start.
        var init = _compose.BindMounts("postgres").Single(m => m.Target == "/docker-entrypoint-initdb.d");
        Assert.NotEmpty(Directory.GetFiles(RepoFiles.PathOf(init.Source), "*.sql"));
    }

    [Fact]
    public void Prometheus_scrapes_every_CxGrains_service_on_its_HTTP_port_and_loads_its_mounted_rules()
    {
        var mounts = _compose.BindMounts("prometheus").ToDictionary(m => m.Target, m => m.Source);
        var configFile = Yaml.Str(Yaml.Seq(_compose.Services["prometheus"].Get("command"), "prometheus.command").Cast<string>()
            .Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..], "config file");
        var config = Yaml.Load(RepoFiles.Read(mounts[configFile]));

        var targets = Yaml.Seq(config.Get("scrape_configs"), "scrape_configs")
            .SelectMany(job => Yaml.Seq(job.At("static_configs"), "static_configs"))
            .SelectMany(sc => Yaml.Seq(sc.At("targets"), "targets").Cast<string>())
            .ToList();
        var expected = _compose.CxServices.Select(s => $"{s}:{Bound<EndpointOptions>(s, EndpointOptions.Section).HttpPort}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), targets.Order(StringComparer.Ordinal));
        Assert.All(Yaml.Seq(config.Get("scrape_configs"), "scrape_configs"), job => Assert.Equal("/metrics", job.At("metrics_path") as string ?? "/metrics"));

        foreach (var rules in Yaml.Seq(config.Get("rule_files"), "rule_files").Cast<string>())
        {
            Assert.True(mounts.ContainsKey(rules), $"rule file {rules} is not mounted into the prometheus container");
        }
    }

    [Fact]
    public void Grafana_gets_a_datasource_at_the_compose_prometheus_and_the_dashboard_folder()
    {
        var mounts = _compose.BindMounts("grafana").ToDictionary(m => m.Target, m => m.Source);
        var provisioning = mounts["/etc/grafana/provisioning"];
        var datasource = Yaml.Seq(Yaml.Load(RepoFiles.Read($"{provisioning}/datasources/prometheus.yml")).Get("datasources"), "datasources").Single();
        var port = _compose.Ports("prometheus").Single().Container;
        Assert.Equal($"http://prometheus:{port}", datasource.At("url"));

        var provider = Yaml.Seq(Yaml.Load(RepoFiles.Read($"{provisioning}/dashboards/cxgrains.yml")).Get("providers"), "providers").Single();
        var folder = Yaml.Str(provider.At("options", "path"), "providers[0].options.path");
        Assert.True(mounts.TryGetValue(folder, out var dashboards), $"the dashboard provider reads {folder}, which is not mounted");
        Assert.True(File.Exists(RepoFiles.PathOf($"{dashboards}/cxgrains.json")));
    }

    private T Bound<T>(string service, string section) where T : new() => HostSettings.Bind<T>(_compose.Environment(service), section);

    private static bool InSubnet(IPAddress address, string cidr) => IPNetwork.Parse(cidr).Contains(address);
}
