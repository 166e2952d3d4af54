using System.Text.Json;
using System.Text.RegularExpressions;

namespace CxGrains.Deploy.Tests;

/// <summary>The repository's Dockerfile as a list of instructions (continuations joined, comments dropped).</summary>
public sealed partial class Dockerfile
{
    public Dockerfile(string relativePath = "Dockerfile")
    {
        var joined = Continuation().Replace(RepoFiles.Read(relativePath), " ");
        Instructions = [.. joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2))
            .Select(p => (p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : ""))];
    }

    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    /// <summary>Instructions of the last stage (the image that runs).</summary>
    public IEnumerable<(string Keyword, string Arguments)> FinalStage =>
        Instructions.Skip(Instructions.Select((i, n) => (i, n)).Last(x => x.i.Keyword == "FROM").n);

    public IEnumerable<string> Arguments(string keyword, bool finalStageOnly = true) =>
        (finalStageOnly ? FinalStage : Instructions).Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    /// <summary>The ENV of the final stage (both <c>KEY=value</c> forms; quotes removed).</summary>
    public Dictionary<string, string?> Environment() =>
        Arguments("ENV").SelectMany(a => EnvPair().Matches(a)).ToDictionary(m => m.Groups["key"].Value, m => (string?)m.Groups["value"].Value.Trim('"'));

    /// <summary>The exec-form command of the HEALTHCHECK (the JSON array after CMD).</summary>
    public string[] HealthCheckCommand()
    {
        var healthcheck = Arguments("HEALTHCHECK").Single();
        var json = healthcheck[(healthcheck.IndexOf("CMD [", StringComparison.Ordinal) + 4)..];
        return JsonSerializer.Deserialize<string[]>(json)!;
    }

    /// <summary>A JSON-array instruction such as ENTRYPOINT.</summary>
    public string[] ExecForm(string keyword) => JsonSerializer.Deserialize<string[]>(Arguments(keyword).Single())!;

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex EnvPair();
}
