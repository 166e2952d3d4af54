using System.Globalization;

namespace CxGrains.Host.Hosting;

/// <summary>
/// The garbage collector's settings as the runtime applied them, logged once at start. At a million customers the
/// collector decides the ack and query tails (docs/operations.md, "Garbage collector"), and its settings come from
/// environment variables whose names are case-sensitive on Linux: a misspelt one (<c>DOTNET_GCgen0MaxBudget</c> for
/// <c>DOTNET_GCGen0MaxBudget</c>) is ignored without a word. This line shows what took.
/// </summary>
public static partial class GarbageCollectorSettings
{
    /// <summary>One line: the collector's kind, heaps, dynamic adaptation and young-generation budget.</summary>
    /// <param name="variables">The runtime's <see cref="GC.GetConfigurationVariables"/>.</param>
    public static string Describe(IReadOnlyDictionary<string, object> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var server = variables.TryGetValue("ServerGC", out var s) && s is true;
        var concurrent = variables.TryGetValue("ConcurrentGC", out var c) && c is true;
        var heaps = variables.TryGetValue("HeapCount", out var h) ? Convert.ToInt64(h, CultureInfo.InvariantCulture) : 1;
        var kind = (server ? "server" : "workstation") + (concurrent ? ", background" : ", non-concurrent");
        var adaptation = variables.TryGetValue("GCDynamicAdaptationMode", out var a) && Convert.ToInt64(a, CultureInfo.InvariantCulture) == 1
            ? "on"
            : "off";
        var budget = variables.TryGetValue("GCGen0MaxBudget", out var b) ? Convert.ToInt64(b, CultureInfo.InvariantCulture) : 0;
        var budgetText = budget > 0 ? $"{budget / (1024.0 * 1024.0):0.#} MiB per heap" : "the runtime's own";
        return $"{kind}, {heaps} heap(s), dynamic adaptation (DATAS) {adaptation}, young-generation budget at most {budgetText}";
    }

    /// <summary>Logs this process's settings.</summary>
    public static void Log(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var settings = Describe(GC.GetConfigurationVariables());
            LogSettings(logger, settings);
        }
    }

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Garbage collector: {Settings}")]
    private static partial void LogSettings(ILogger logger, string settings);
}
