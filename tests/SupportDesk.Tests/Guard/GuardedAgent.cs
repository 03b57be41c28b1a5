using System.Text;

namespace SupportDesk.Tests.Guard;

/// <summary>A guarded agent running in the background: its exit code and what it printed; stopping it is Ctrl-C.</summary>
internal sealed class GuardedAgent
{
    private readonly CancellationTokenSource _stop;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    // The agent writes from its own task while the test reads. A synchronized writer locks on itself, so reads lock
    // on the same object; kept as plain objects because the writers over a StringBuilder hold nothing to dispose.
    private readonly object _outputLock;
    private readonly object _errorLock;

    /// <param name="start">Runs the agent with its output, error and stop token.</param>
    /// <param name="stop">Cancelled to stop the agent; the caller keeps ownership.</param>
    public GuardedAgent(Func<TextWriter, TextWriter, CancellationToken, Task<int>> start, CancellationTokenSource stop)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(stop);
        _stop = stop;
        var output = TextWriter.Synchronized(new StringWriter(_output, System.Globalization.CultureInfo.InvariantCulture));
        var error = TextWriter.Synchronized(new StringWriter(_error, System.Globalization.CultureInfo.InvariantCulture));
        _outputLock = output;
        _errorLock = error;
        Run = start(output, error, stop.Token);
    }

    public Task<int> Run { get; }

    public string Output => Read(_outputLock, _output);

    public string Error => Read(_errorLock, _error);

    /// <summary>Waits for the agent to exit, generously; a hang fails the test with what the agent printed.</summary>
    public async Task<int> ExitCodeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Run.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The agent did not exit within 60 s:\n{Output}\n{Error}", e);
        }
    }

    /// <summary>Stops the agent as Ctrl-C would and waits for its exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        return await ExitCodeAsync(cancellationToken);
    }

    /// <summary>Waits until the agent printed a line that satisfies <paramref name="condition"/>; fails early if it exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> condition, CancellationToken cancellationToken)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (elapsed.Elapsed < TimeSpan.FromSeconds(60))
        {
            var lines = Output.Split('\n', StringSplitOptions.TrimEntries);
            if (lines.FirstOrDefault(condition) is { } line)
            {
                return line;
            }

            if (Run.IsCompleted)
            {
                throw new InvalidOperationException($"The agent exited with {await Run} before printing the line awaited:\n{Output}\n{Error}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"The agent did not print the line awaited within 60 s:\n{Output}\n{Error}");
    }

    private static string Read(object gate, StringBuilder text)
    {
        lock (gate)
        {
            return text.ToString();
        }
    }
}
