using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Firebreak.Client;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>
/// What every command needs: the global options, the console, the error writer and the client factory. Runs a
/// command's body with a client built from the parsed options and turns each kind of failure into one line on
/// the error writer and its exit code.
/// </summary>
internal sealed class CliContext(
    IAnsiConsole console,
    TextWriter error,
    Func<Uri, string, FirebreakClient> clientFactory,
    Func<string, string?> environment)
{
    public const string ServerVariable = "FIREBREAK_SERVER";
    public const string ApiKeyVariable = "FIREBREAK_API_KEY";
    public const string DefaultServer = "http://127.0.0.1:5080";

    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    public Option<string> ServerOption { get; } = new("--server")
    {
        Description = $"Firebreak server URL [env {ServerVariable}; default {DefaultServer}]",
        HelpName = "url",
        Recursive = true,
    };

    // No default value factory: help would print the key taken from the environment.
    public Option<string> ApiKeyOption { get; } = new("--api-key")
    {
        Description = $"API key [env {ApiKeyVariable}]",
        HelpName = "key",
        Recursive = true,
    };

    /// <summary>Resolves the server and key: a flag wins over its environment variable; empty values count as absent.</summary>
    public bool TryResolveSettings(ParseResult parseResult, [NotNullWhen(true)] out CliSettings? settings, [NotNullWhen(false)] out string? problem)
    {
        settings = null;
        var server = FirstNonEmpty(parseResult.GetValue(ServerOption), environment(ServerVariable)) ?? DefaultServer;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || (serverUri.Scheme != Uri.UriSchemeHttp && serverUri.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"the server URL '{server}' is not an absolute http or https URL";
            return false;
        }

        var apiKey = FirstNonEmpty(parseResult.GetValue(ApiKeyOption), environment(ApiKeyVariable));
        if (apiKey is null)
        {
            problem = $"no API key: pass --api-key or set {ApiKeyVariable}";
            return false;
        }

        settings = new CliSettings(serverUri, apiKey);
        problem = null;
        return true;
    }

    /// <summary>Runs <paramref name="command"/> with a client; returns its exit code, or the code of the failure it reported.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Last resort of a CLI: a bug is reported in one line, never as a stack trace.")]
    public async Task<int> ExecuteAsync(
        ParseResult parseResult,
        Func<FirebreakClient, CancellationToken, Task<int>> command,
        CancellationToken cancellationToken)
    {
        if (!TryResolveSettings(parseResult, out var settings, out var problem))
        {
            return Fail(ExitCodes.Usage, problem);
        }

        try
        {
            using var client = clientFactory(settings.Server, settings.ApiKey);
            return await command(client, cancellationToken);
        }
        catch (FirebreakApiException e)
        {
            return Fail(ExitCodes.ApiError, e.Message);
        }
        catch (HttpRequestException e)
        {
            return Fail(ExitCodes.Unavailable, $"cannot reach the Firebreak server at {settings.Server}: {e.Message}");
        }
        catch (JsonException e)
        {
            return Fail(ExitCodes.Unavailable, $"the server at {settings.Server} sent an unexpected response: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(ExitCodes.Unavailable, $"the server at {settings.Server} did not answer in time");
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.Cancelled, "cancelled");
        }
        catch (Exception e)
        {
            return Fail(ExitCodes.Internal, $"unexpected {e.GetType().Name}: {e.Message}");
        }
    }

    public int Fail(int exitCode, string message)
    {
        Error.WriteLine($"error: {message}");
        return exitCode;
    }

    private static string? FirstNonEmpty(string? flag, string? variable) =>
        !string.IsNullOrWhiteSpace(flag) ? flag.Trim()
        : !string.IsNullOrWhiteSpace(variable) ? variable.Trim()
        : null;
}
