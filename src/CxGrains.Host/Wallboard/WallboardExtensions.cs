using CxGrains.Host.Security;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Wallboard;

/// <summary>Serves the saved boards and thresholds to the wallboard page.</summary>
public static class WallboardExtensions
{
    /// <summary>The route of the boards.</summary>
    public const string BoardsPath = "/v1/wallboard/boards";

    /// <summary>Registers <see cref="WallboardOptions"/>, validated at start-up.</summary>
    public static IServiceCollection AddCxWallboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WallboardOptions>().Bind(configuration.GetSection(WallboardOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WallboardOptions>, WallboardOptionsValidator>();
        return services;
    }

    /// <summary>Maps <c>GET /v1/wallboard/boards</c>: the boards and default thresholds, for any key that may watch.</summary>
    public static WebApplication MapCxWallboard(this WebApplication app)
    {
        app.MapGet(BoardsPath, (IOptions<WallboardOptions> options) => Results.Json(new
        {
            thresholds = options.Value.Thresholds,
            boards = options.Value.Boards.Select(b => new { name = b.Key, b.Value.Segments, b.Value.Touchpoints, b.Value.Window, b.Value.Thresholds }),
        })).RequireAuthorization(ApiKeyPolicies.Watch);
        return app;
    }

    private sealed class WallboardOptionsValidator : IValidateOptions<WallboardOptions>
    {
        public ValidateOptionsResult Validate(string? name, WallboardOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
