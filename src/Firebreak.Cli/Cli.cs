using System.CommandLine;
using Firebreak.Cli.Commands;
using Firebreak.Client;
using Spectre.Console;

namespace Firebreak.Cli;

/// <summary>The <c>firebreak</c> command, runnable in-process so that tests drive it against an in-memory server.</summary>
public static class Cli
{
    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="console">Where results and help are written.</param>
    /// <param name="error">Where the one-line error message goes.</param>
    /// <param name="clientFactory">
    /// Builds the client from the resolved server URL and API key; <see cref="FirebreakClient.Create(Uri, string?)"/> when
    /// <see langword="null"/>. Tests pass one that wraps an in-memory server's <see cref="HttpClient"/>.
    /// </param>
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the running command.</param>
    /// <returns>One of <see cref="ExitCodes"/>.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        IAnsiConsole console,
        TextWriter error,
        Func<Uri, string, FirebreakClient>? clientFactory = null,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);

        var context = new CliContext(console, error, clientFactory ?? FirebreakClient.Create, environment ?? Environment.GetEnvironmentVariable);
        var parseResult = CreateRootCommand(context).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            return context.Fail(ExitCodes.Usage, $"{string.Join("; ", parseResult.Errors.Select(e => OneLine(e.Message)))} (see firebreak --help)");
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Profile.Out.Writer,
            Error = error,
            EnableDefaultExceptionHandler = false,
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }

    // Some parse messages list choices on separate lines; the error stays one line so it reads well in logs.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    internal static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("Firebreak: stop a misbehaving AI agent, see what it did, and keep it from happening again.")
        {
            context.ServerOption,
            context.ApiKeyOption,
            AgentsCommand.Create(context),
            RunsCommand.Create(context),
            TraceCommand.Create(context),
            SimilarCommand.Create(context),
            LedgerCommand.Create(context),
            KeysCommand.Create(context),
            IncidentCommand.Create(context),
            StatusCommand.Create(context),
            ApprovalsCommand.Create(context),
            HeldCommand.Create(context),
            ReleaseCommand.Create(context),
            RollbackCommand.Create(context),
            RegressionCommand.Create(context),
            RestoreCommand.Create(context),
            BlastRadiusCommand.Create(context),
            CompensateCommand.Create(context),
            MitigationsCommand.Create(context),
            GameDayCommand.Create(context),
            ReadinessCommand.Create(context),
            StrictCommand.Create(context),
            PlaybookCommand.Create(context),
            AlertsCommand.Create(context),
        };
        foreach (var command in ControlCommand.CreateAll(context))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
