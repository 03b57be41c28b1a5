using Firebreak.Client;

namespace Firebreak.Cli.Tests;

/// <summary>Runs the CLI in-process with a given HTTP handler, capturing output, errors and the server the client was built for.</summary>
internal sealed class CliRun
{
    private CliRun(int exitCode, string output, string error, Uri? server)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
        Server = server;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    /// <summary>The server URL the client was built with; <see langword="null"/> when no client was built.</summary>
    public Uri? Server { get; }

    /// <summary>Runs with an empty environment, so that variables set on the test machine do not leak in.</summary>
    public static async Task<CliRun> RunAsync(string[] args, HttpMessageHandler? handler = null)
    {
        using var console = new CapturedConsole();
        using var error = new StringWriter();
        Uri? server = null;
        var exitCode = await Cli.RunAsync(
            args,
            console.Console,
            error,
            (uri, key) =>
            {
                server = uri;
                return new FirebreakClient(new HttpClient(handler ?? new CannedHandler()) { BaseAddress = uri }, key);
            },
            _ => null,
            TestContext.Current.CancellationToken);
        return new CliRun(exitCode, console.Output, error.ToString(), server);
    }
}
