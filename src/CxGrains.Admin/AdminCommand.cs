using System.Diagnostics;
using System.Text;
using CxGrains.Admin.Cli;
using CxGrains.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.Admin;

/// <summary>The console tool: parse, call the AdminService, print, pick the exit code.</summary>
public static class AdminCommand
{
    // A host that takes the connection but never answers must not hold an operator's shell forever.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs cx-admin with <paramref name="args"/>; <paramref name="environment"/> reads environment variables.</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!AdminCommandLine.TryParse(args, environment, out var request, out var error))
        {
            await stderr.WriteLineAsync($"cx-admin: {error.ReplaceLineEndings(Environment.NewLine + "cx-admin: ")}");
            await stderr.WriteLineAsync("Run 'cx-admin --help' for usage.");
            return AdminExitCode.UsageError;
        }

        if (request.Verb == AdminVerb.Help)
        {
            AdminCommandLine.WriteHelp(request.HelpArguments, stdout);
            return AdminExitCode.Success;
        }

        using var channel = GrpcChannel.ForAddress(request.Url);
        var client = new AdminService.AdminServiceClient(channel);
        var headers = new Metadata { { "x-api-key", request.ApiKey } };
        try
        {
            return request.Verb == AdminVerb.Recompute
                ? await RecomputeAsync(client, headers, request, stdout, cancellationToken)
                : await StatusAsync(client, headers, request.RunId, stdout, cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            await stderr.WriteLineAsync($"cx-admin: cannot reach {request.Url}: {CodeName(exception.StatusCode)}: {exception.Status.Detail}");
            return AdminExitCode.ConnectionFailure;
        }
        catch (RpcException exception)
        {
            await stderr.WriteLineAsync($"cx-admin: the server refused: {CodeName(exception.StatusCode)}: {exception.Status.Detail}");
            return AdminExitCode.Failed;
        }
    }

    private static async Task<int> RecomputeAsync(
        AdminService.AdminServiceClient client, Metadata headers, AdminRequest request, TextWriter stdout, CancellationToken cancellationToken)
    {
        var started = await client.StartRecomputeAsync(
            new StartRecomputeRequest { From = Timestamp.FromDateTimeOffset(request.From) },
            headers,
            DateTime.UtcNow + CallTimeout,
            cancellationToken);
        await stdout.WriteLineAsync(RecomputeReport.Started(started));
        if (!request.Wait)
        {
            return AdminExitCode.Success;
        }

        var waiting = Stopwatch.StartNew();
        var run = started.Run;
        while (run.State == RecomputeState.RecomputeRunning)
        {
            await Task.Delay(request.Poll, cancellationToken);
            run = await GetAsync(client, headers, run.RecomputeId, cancellationToken);
            await stdout.WriteLineAsync(RecomputeReport.Progress(run, waiting.Elapsed));
        }

        await stdout.WriteAsync(RecomputeReport.Status(run));
        return ExitCodeOf(run);
    }

    private static async Task<int> StatusAsync(
        AdminService.AdminServiceClient client, Metadata headers, Guid runId, TextWriter stdout, CancellationToken cancellationToken)
    {
        var run = await GetAsync(client, headers, runId.ToString(), cancellationToken);
        await stdout.WriteAsync(RecomputeReport.Status(run));
        return ExitCodeOf(run);
    }

    private static async Task<RecomputeRun> GetAsync(
        AdminService.AdminServiceClient client, Metadata headers, string runId, CancellationToken cancellationToken) =>
        await client.GetRecomputeAsync(new GetRecomputeRequest { RecomputeId = runId }, headers, DateTime.UtcNow + CallTimeout, cancellationToken);

    private static int ExitCodeOf(RecomputeRun run) =>
        run.State == RecomputeState.RecomputeFailed ? AdminExitCode.Failed : AdminExitCode.Success;

    // FailedPrecondition → FAILED_PRECONDITION: the name the gRPC documentation and the server's docs use.
    private static string CodeName(StatusCode code)
    {
        var name = code.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
