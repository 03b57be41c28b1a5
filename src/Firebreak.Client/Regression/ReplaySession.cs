using System.Collections.Concurrent;
using System.Text.Json;
using Firebreak.Control;
using Firebreak.Regression;
using Firebreak.Releases;
using Microsoft.Extensions.AI;

namespace Firebreak.Client;

/// <summary>
/// One replay of a regression case against a release: the recorded input and context for the agent, and its tools
/// swapped for stubs (<see cref="StubTools"/>) that answer from the recorded responses and never reach the real tool.
/// </summary>
public sealed class ReplaySession
{
    private readonly ConcurrentQueue<ReplayedCall> _calls = new();
    private readonly List<RecordedToolCall> _unused;
    private readonly Lock _gate = new();

    internal ReplaySession(RegressionCase regressionCase, Release release)
    {
        Case = regressionCase;
        Release = release;
        _unused = [.. regressionCase.ToolCalls];
    }

    /// <summary>The case being replayed.</summary>
    public RegressionCase Case { get; }

    /// <summary>The release the agent must build itself from: its prompts, model and settings.</summary>
    public Release Release { get; }

    /// <summary>The recorded run's input.</summary>
    public JsonElement Input => Case.Input;

    /// <summary>The recorded run's retrieval steps, for agents that retrieve: hand them back instead of querying live sources.</summary>
    public IReadOnlyList<JsonElement> Context => Case.Context;

    /// <summary>The calls the agent made so far, in order.</summary>
    public IReadOnlyList<ReplayedCall> Calls => [.. _calls];

    /// <summary>
    /// Replaces every <see cref="AIFunction"/> with a stub of the same name and schema. A call answers with the recorded
    /// response of the same tool and arguments, else the next unused recorded response of that tool, else a shadowed
    /// result; in every case the real tool does not run, so a replay has no side effects.
    /// </summary>
    public IList<AITool> StubTools(IList<AITool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return [.. tools.Select(t => t is AIFunction function ? new ReplayedAIFunction(function, this) : t)];
    }

    internal object? Answer(string tool, JsonElement arguments)
    {
        _calls.Enqueue(new ReplayedCall(tool, arguments));
        lock (_gate)
        {
            var digest = Serialization.CanonicalJson.Digest(arguments);
            var match = _unused.FindIndex(c => c.Tool == tool && Serialization.CanonicalJson.Digest(c.Arguments) == digest);
            if (match < 0)
            {
                match = _unused.FindIndex(c => c.Tool == tool);
            }

            if (match >= 0 && _unused[match].Result is { } result)
            {
                _unused.RemoveAt(match);
                return result;
            }
        }

        return JsonSerializer.SerializeToElement(new ShadowedResult(true, tool, "Replayed in shadow: no recorded response, nothing executed."), Serialization.FirebreakJson.Options);
    }
}
