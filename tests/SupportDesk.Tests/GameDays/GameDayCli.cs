using System.Globalization;
using System.Text;
using Firebreak.Cli;
using Spectre.Console;

namespace SupportDesk.Tests.GameDays;

/// <summary>The <c>firebreak</c> command run in-process in the background against real processes, its output readable while it runs.</summary>
internal sealed class GameDayCli : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly TextWriter _outputWriter;
    private readonly TextWriter _errorWriter;

    private GameDayCli(string[] args, CancellationToken cancellationToken)
    {
        _outputWriter = TextWriter.Synchronized(new StringWriter(_output, CultureInfo.InvariantCulture));
        _errorWriter = TextWriter.Synchronized(new StringWriter(_error, CultureInfo.InvariantCulture));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_outputWriter),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        Run = Task.Run(() => Cli.RunAsync(args, console, _errorWriter, clientFactory: null, environment: _ => null, cancellationToken), cancellationToken);
    }

    public Task<int> Run { get; }

    public string Output => Read(_outputWriter, _output) + Read(_errorWriter, _error);

    public static GameDayCli Start(CancellationToken cancellationToken, params string[] args) => new(args, cancellationToken);

    /// <summary>Runs the command to its end, generously bounded.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var cli = Start(cancellationToken, args);
        return (await cli.ExitCodeAsync(cancellationToken), cli.Output);
    }

    public async Task WaitForOutputAsync(string text, CancellationToken cancellationToken)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (Run.IsCompleted)
            {
                throw new InvalidOperationException($"firebreak exited with {await Run} before printing '{text}':\n{Output}");
            }

            if (elapsed.Elapsed > Limit)
            {
                throw new TimeoutException($"firebreak did not print '{text}' within {Limit}:\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async Task<int> ExitCodeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Run.WaitAsync(Limit, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"firebreak did not exit within {Limit}:\n{Output}", e);
        }
    }

    public void Dispose()
    {
        _outputWriter.Dispose();
        _errorWriter.Dispose();
    }

    private static string Read(object gate, StringBuilder text)
    {
        lock (gate)
        {
            return text.ToString();
        }
    }
}
