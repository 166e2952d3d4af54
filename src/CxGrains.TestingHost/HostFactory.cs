using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CxGrains.TestingHost;

/// <summary>
/// Builds the CxGrains application: <c>CxGrains.Host.CxHost.Create</c>. Handed to
/// <see cref="InProcessHost"/> so that this library does not reference the host, and what starts only
/// host processes (the benchmark) does not carry it.
/// </summary>
/// <param name="args">Command-line arguments.</param>
/// <param name="configure">Adds configuration sources after the defaults.</param>
/// <param name="configureBuilder">Adjusts the builder before the silo and front end are added.</param>
public delegate WebApplication HostFactory(
    string[] args,
    Action<IConfigurationBuilder>? configure,
    Action<WebApplicationBuilder>? configureBuilder);
