using CxGrains.Host.Hosting;

namespace CxGrains.Deploy.Tests;

/// <summary>deploy/k8s: objects, settings, probes, ports and selectors agree with each other and with the host.</summary>
[Trait("Tier", "Fast")]
public sealed class KubernetesManifestTests
{
    private const string Namespace = "cxgrains";

    private readonly List<Dictionary<string, object?>> _objects = [.. Directory.GetFiles(RepoFiles.PathOf("deploy/k8s"), "*.yaml")
        .SelectMany(f => Yaml.LoadAll(File.ReadAllText(f)).Select(d => Yaml.Map(d, Path.GetFileName(f))))];

    private IEnumerable<Dictionary<string, object?>> OfKind(string kind) => _objects.Where(o => o.Get("kind") as string == kind);

    private IEnumerable<Dictionary<string, object?>> Workloads => OfKind("StatefulSet").Concat(OfKind("Deployment"));

    private static string Name(Dictionary<string, object?> o) => Yaml.Str(o.At("metadata", "name"), "metadata.name");

    [Fact]
    public void Has_namespace_config_secret_silo_StatefulSet_front_end_Deployment_and_services()
    {
        Assert.All(_objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Get("apiVersion") as string));
            Assert.False(string.IsNullOrEmpty(Name(o)));
        });
        Assert.Equal(Namespace, Name(Assert.Single(OfKind("Namespace"))));
        Assert.All(_objects.Where(o => o.Get("kind") as string != "Namespace"), o => Assert.Equal(Namespace, o.At("metadata", "namespace")));
        Assert.Single(OfKind("ConfigMap"));
        Assert.Single(OfKind("Secret"));
        Assert.Single(OfKind("StatefulSet"));
        Assert.Single(OfKind("Deployment"));
        Assert.Equal(2, OfKind("Service").Count());
    }

    [Fact]
    public void Every_Cx_setting_of_every_workload_binds_to_a_real_option_and_validates()
    {
        foreach (var workload in Workloads)
        {
            var env = Environment(workload);
            Assert.Contains("Cx__Storage__PostgresConnectionString", env.Keys);
            Assert.Contains("Cx__Auth__Keys__0__Key", env.Keys);
            Assert.Equal("0.0.0.0", env["Cx__Endpoints__ListenAddress"]);
            Assert.Empty(HostSettings.Problems(env, Name(workload)));
        }
    }

    [Fact]
    public void Silos_advertise_their_pod_IP_and_front_ends_run_as_front_ends()
    {
        var silo = Container(OfKind("StatefulSet").Single());
        var advertised = Yaml.Seq(silo.Get("env"), "env").Select(e => Yaml.Map(e, "env")).Single(e => e.Get("name") as string == "Cx__Cluster__AdvertisedAddress");
        Assert.Equal("status.podIP", advertised.At("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("Postgres", Environment(OfKind("StatefulSet").Single())["Cx__Cluster__Clustering"]);
        Assert.Equal("FrontEnd", Environment(OfKind("Deployment").Single())["Cx__Mode"]);
    }

    [Fact]
    public void Probes_ask_readyz_for_readiness_and_healthz_for_liveness_on_the_HTTP_port()
    {
        foreach (var workload in Workloads)
        {
            var container = Container(workload);
            var http = HostSettings.Bind<EndpointOptions>(Environment(workload), EndpointOptions.Section).HttpPort;
            Assert.Equal("/readyz", container.At("readinessProbe", "httpGet", "path"));
            Assert.Equal("/healthz", container.At("livenessProbe", "httpGet", "path"));
            Assert.Equal("/healthz", container.At("startupProbe", "httpGet", "path"));
            foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            {
                Assert.Equal(http, ResolvePort(container, container.At(probe, "httpGet", "port")));
            }
        }
    }

    [Fact]
    public void Container_ports_are_the_ports_the_host_listens_on()
    {
        foreach (var workload in Workloads)
        {
            var env = Environment(workload);
            var endpoints = HostSettings.Bind<EndpointOptions>(env, EndpointOptions.Section);
            var cluster = HostSettings.Bind<CxClusterOptions>(env, CxClusterOptions.Section);
            var ports = Ports(Container(workload));
            Assert.Equal(endpoints.GrpcPort, ports["grpc"]);
            Assert.Equal(endpoints.HttpPort, ports["http"]);
            if (workload.Get("kind") as string == "StatefulSet")
            {
                Assert.Equal(cluster.SiloPort, ports["silo"]);
                Assert.Equal(cluster.GatewayPort, ports["gateway"]);
            }
        }
    }

    [Fact]
    public void Workloads_stop_gracefully_run_non_root_and_use_one_image()
    {
        foreach (var workload in Workloads)
        {
            var pod = workload.At("spec", "template", "spec");
            var grace = int.Parse(Yaml.Str(pod.At("terminationGracePeriodSeconds"), "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture);
            var shutdown = TimeSpan.Parse(Environment(workload)["HostOptions__ShutdownTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(grace > shutdown.TotalSeconds, $"{Name(workload)}: the grace period ({grace} s) must outlast the host's shutdown ({shutdown})");
            Assert.Equal("true", pod.At("securityContext", "runAsNonRoot"));
        }

        Assert.Single(Workloads.Select(w => Container(w).Get("image")).Distinct());
    }

    [Fact]
    public void Services_select_a_workload_and_target_its_named_ports()
    {
        foreach (var service in OfKind("Service"))
        {
            var selector = Yaml.Map(service.At("spec", "selector"), "selector");
            var workload = Workloads.SingleOrDefault(w => selector.All(s => Equals(w.At("spec", "template", "metadata", "labels", s.Key), s.Value)));
            Assert.True(workload is not null, $"service {Name(service)} selects no workload");
            Assert.Equal(selector, Yaml.Map(workload.At("spec", "selector", "matchLabels"), "matchLabels"));
            foreach (var port in Yaml.Seq(service.At("spec", "ports"), "ports"))
            {
                Assert.True(ResolvePort(Container(workload), port.At("targetPort")) > 0, $"{Name(service)}: targetPort {port.At("targetPort")} is not a container port");
            }
        }

        var statefulSet = OfKind("StatefulSet").Single();
        var governing = OfKind("Service").Single(s => Name(s) == Yaml.Str(statefulSet.At("spec", "serviceName"), "serviceName"));
        Assert.Equal("None", governing.At("spec", "clusterIP"));
    }

    private static Dictionary<string, object?> Container(Dictionary<string, object?> workload) =>
        Yaml.Map(Yaml.Seq(workload.At("spec", "template", "spec", "containers"), "containers").Single(), "container");

    private static Dictionary<string, int> Ports(Dictionary<string, object?> container) =>
        Yaml.Seq(container.Get("ports"), "ports").Select(p => Yaml.Map(p, "port"))
            .ToDictionary(p => Yaml.Str(p.Get("name"), "port name"), p => int.Parse(Yaml.Str(p.Get("containerPort"), "containerPort"), System.Globalization.CultureInfo.InvariantCulture));

    private static int ResolvePort(Dictionary<string, object?> container, object? port)
    {
        var text = Yaml.Str(port, "port");
        var ports = Ports(container);
        return int.TryParse(text, out var number) ? (ports.ContainsValue(number) ? number : -1) : ports.GetValueOrDefault(text, -1);
    }

    /// <summary>The container's environment: envFrom ConfigMaps and Secrets of these manifests, then env (values from fieldRefs get a sample value).</summary>
    private Dictionary<string, string?> Environment(Dictionary<string, object?> workload)
    {
        var container = Container(workload);
        var env = new Dictionary<string, string?>();
        foreach (var source in Yaml.Seq(container.Get("envFrom") ?? new List<object?>(), "envFrom"))
        {
            var (kind, reference, dataKey) = source.At("configMapRef") is { } c ? ("ConfigMap", c, "data") : ("Secret", source.At("secretRef"), "stringData");
            var name = Yaml.Str(reference.At("name"), "envFrom name");
            var target = OfKind(kind).SingleOrDefault(o => Name(o) == name);
            Assert.True(target is not null, $"{Name(workload)} takes its environment from {kind} {name}, which is not in deploy/k8s");
            foreach (var (key, value) in Yaml.Map(target.Get(dataKey), $"{name}.{dataKey}"))
            {
                env[key] = Yaml.Str(value, key);
            }
        }

        foreach (var entry in Yaml.Seq(container.Get("env") ?? new List<object?>(), "env").Select(e => Yaml.Map(e, "env")))
        {
            var name = Yaml.Str(entry.Get("name"), "env name");
            env[name] = entry.Get("value") as string ?? (entry.At("valueFrom", "fieldRef", "fieldPath") as string == "status.podIP" ? "10.1.2.3" : null);
        }

        return env;
    }
}
