using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CxGrains.Host.Tests;

/// <summary>
/// Keeps every log entry the host writes (message, exception text and scopes) so tests can check
/// what reached the logs. Filters from the <c>Logging</c> configuration still apply.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Everything captured so far, one string per entry.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>Entries that contain <paramref name="text"/> (ordinal).</summary>
    public IReadOnlyList<string> Containing(string text) =>
        [.. _entries.Where(e => e.Contains(text, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new System.Text.StringBuilder()
                .Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }

            // Structured values too: a key could sit in a property the message template leaves out.
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                foreach (var (name, value) in properties)
                {
                    text.Append(" | ").Append(name).Append('=').Append(value);
                }
            }

            owner._scopes.ForEachScope((scope, builder) => builder.Append(" | scope ").Append(scope), text);
            owner._entries.Enqueue(text.ToString());
        }
    }
}
