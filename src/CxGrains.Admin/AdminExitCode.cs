namespace CxGrains.Admin;

/// <summary>cx-admin's exit codes, as its help and the README list them.</summary>
public static class AdminExitCode
{
    /// <summary>The request was served; with <c>--wait</c>, the run succeeded.</summary>
    public const int Success = 0;

    /// <summary>The run failed, or the server refused the request (its gRPC status is printed).</summary>
    public const int Failed = 1;

    /// <summary>Invalid arguments, or no API key.</summary>
    public const int UsageError = 2;

    /// <summary>The server could not be reached.</summary>
    public const int ConnectionFailure = 3;
}
