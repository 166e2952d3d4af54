namespace CxGrains.Deploy.Tests;

/// <summary>The settings checker itself catches what it is there to catch.</summary>
[Trait("Tier", "Fast")]
public sealed class HostSettingsTests
{
    [Fact]
    public void Finds_the_options_sections_of_host_and_grains()
    {
        Assert.Contains("Cx:Cluster", HostSettings.Sections.Keys);
        Assert.Contains("Cx:Storage", HostSettings.Sections.Keys);
        Assert.Contains("Cx:Durability", HostSettings.Sections.Keys);
        Assert.Contains("Cx:Readiness", HostSettings.Sections.Keys);
    }

    [Theory]
    [InlineData("Cx__Cluster__SiloPrt", "11111")] // misspelt setting
    [InlineData("Cx__Clustr__SiloPort", "11111")] // misspelt section
    [InlineData("Cx__Cluster__SiloPort", "eleven")] // value of the wrong type
    [InlineData("Cx__Cluster__SiloPort", "70000")] // out of range
    [InlineData("Cx__Cluster__Clustering", "Consul")] // not an allowed value
    [InlineData("Cx__Durability__AckMode", "Sometimes")] // not an enum member
    [InlineData("Cx__Mode", "Gateway")] // neither Silo nor FrontEnd
    public void Rejects_bad_settings(string key, string value) =>
        Assert.NotEmpty(HostSettings.Problems(new Dictionary<string, string?> { [key] = value }, "test"));

    [Fact]
    public void Accepts_good_settings()
    {
        var problems = HostSettings.Problems(new Dictionary<string, string?>
        {
            ["Cx__Cluster__SiloPort"] = "11111",
            ["Cx__Cluster__Clustering"] = "Postgres",
            ["Cx__Durability__AckMode"] = "Durable",
            ["Cx__Mode"] = "FrontEnd",
            ["Cx__Auth__Keys__0__Key"] = "0123456789abcdef",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }, "test");
        Assert.Empty(problems);
    }
}
