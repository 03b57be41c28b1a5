using System.Text;

namespace SupportDesk.Tests.Guard;

/// <summary>A guarded agent running in the background: its exit code and what it printed.</summary>
internal sealed class GuardedAgent
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    // The agent writes from its own task while the test reads. A synchronized writer locks on itself, so reads lock
    // on the same object; kept as plain objects because the writers over a StringBuilder hold nothing to dispose.
    private readonly object _outputLock;
    private readonly object _errorLock;

    public GuardedAgent(Func<TextWriter, TextWriter, Task<int>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var output = TextWriter.Synchronized(new StringWriter(_output, System.Globalization.CultureInfo.InvariantCulture));
        var error = TextWriter.Synchronized(new StringWriter(_error, System.Globalization.CultureInfo.InvariantCulture));
        _outputLock = output;
        _errorLock = error;
        Run = start(output, error);
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

    private static string Read(object gate, StringBuilder text)
    {
        lock (gate)
        {
            return text.ToString();
        }
    }
}
