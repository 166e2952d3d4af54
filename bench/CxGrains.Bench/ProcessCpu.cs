using System.Globalization;

namespace CxGrains.Bench;

/// <summary>
/// CPU time of processes from Linux's <c>/proc</c>: a running process's own, and what this
/// process's finished (waited-for) children used. Null where <c>/proc</c> is not available.
/// </summary>
public static class ProcessCpu
{
    // USER_HZ: the unit of /proc/*/stat times, fixed at 100 by the kernel's user-space ABI.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds of the running process <paramref name="processId"/>; null once it is gone.</summary>
    public static double? Seconds(int processId) =>
        Read(processId.ToString(CultureInfo.InvariantCulture), utimeField: 11);

    /// <summary>
    /// User + system CPU seconds of every child of this process that has exited and been waited
    /// for: the difference around a child's run is that child's whole CPU time, exit included.
    /// </summary>
    public static double? FinishedChildrenSeconds() => Read("self", utimeField: 13);

    /// <summary>
    /// CPU seconds every core of the machine spent busy (not idle or waiting for I/O), summed over
    /// cores, since boot: the difference around a run shows what the rest of the machine took.
    /// </summary>
    public static double? MachineBusySeconds()
    {
        string[] fields;
        try
        {
            fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }

        // cpu user nice system idle iowait irq softirq steal [guest guest_nice, already in user/nice].
        if (fields.Length < 9 || fields[0] != "cpu")
        {
            return null;
        }

        var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        return (ticks.Sum() - ticks[3] - ticks[4]) / TicksPerSecond;
    }

    /// <summary>Samples <paramref name="processId"/>'s CPU time every <paramref name="interval"/> until disposed.</summary>
    public static CpuSampler StartSampling(int processId, TimeSpan interval) => new(processId, interval);

    private static double? Read(string process, int utimeField)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{process}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Fields after the command name (which may hold spaces), counted from 0 = state (field 3):
        // 11/12 = utime/stime, 13/14 = cutime/cstime.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > utimeField + 1
            && long.TryParse(fields[utimeField], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[utimeField + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? (user + system) / TicksPerSecond
            : null;
    }
}
