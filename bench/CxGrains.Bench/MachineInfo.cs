using System.Globalization;
using System.Runtime.InteropServices;

namespace CxGrains.Bench;

/// <summary>The machine a benchmark ran on.</summary>
/// <param name="Cores">Logical cores.</param>
/// <param name="MemoryGiB">Physical memory.</param>
/// <param name="CpuModel">CPU model name from /proc/cpuinfo.</param>
/// <param name="Os">Operating system description.</param>
public sealed record MachineInfo(int Cores, double MemoryGiB, string CpuModel, string Os)
{
    /// <summary>Reads this machine's description.</summary>
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        Math.Round(MemoryKiB() / 1024.0 / 1024.0, 1),
        ProcValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.OSDescription);

    /// <summary>The 1-minute load average (runnable threads), or NaN where /proc/loadavg is missing.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static double MemoryKiB()
    {
        var total = ProcValue("/proc/meminfo", "MemTotal");
        return total is not null && double.TryParse(total.Split(' ')[0], CultureInfo.InvariantCulture, out var kib)
            ? kib
            : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0;
    }

    private static string? ProcValue(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        return File.ReadLines(file)
            .Where(line => line.StartsWith(name, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
