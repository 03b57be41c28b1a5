using Firebreak.Client;

namespace Firebreak.Cli.Tests;

/// <summary>Runs the CLI in-process with a given environment and HTTP handler, capturing output, errors and the client's settings.</summary>
internal sealed class CliRun
{
    private CliRun(int exitCode, string output, string error, Uri? server, string? apiKey)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
        Server = server;
        ApiKey = apiKey;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    /// <summary>The server URL the client was built with; <see langword="null"/> when no client was built.</summary>
    public Uri? Server { get; }

    public string? ApiKey { get; }

    public static async Task<CliRun> RunAsync(
        string[] args,
        HttpMessageHandler? handler = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var console = new CapturedConsole();
        using var error = new StringWriter();
        Uri? server = null;
        string? apiKey = null;
        var exitCode = await Cli.RunAsync(
            args,
            console.Console,
            error,
            (uri, key) =>
            {
                server = uri;
                apiKey = key;
                return new FirebreakClient(new HttpClient(handler ?? new CannedHandler()) { BaseAddress = uri }, key);
            },
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            TestContext.Current.CancellationToken);
        return new CliRun(exitCode, console.Output, error.ToString(), server, apiKey);
    }
}
