using System.Collections.Concurrent;

namespace Firebreak.Server.Security;

/// <summary>
/// The recent refused attempts per agent, in memory and per node: they are for an operator's eyes on the agent's
/// page, while <c>/metrics</c> and the logs are what alerting and audit read. Bounded: the last <see cref="Kept"/> per
/// agent, and agents are only those an operator issued keys for.
/// </summary>
internal sealed class RefusalLog
{
    /// <summary>How many refusals are kept per agent.</summary>
    public const int Kept = 100;

    private readonly ConcurrentDictionary<string, AgentEntry> _agents = new(StringComparer.Ordinal);

    public void Add(string agentId, AgentRefusal refusal) => _agents.GetOrAdd(agentId, static _ => new AgentEntry()).Add(refusal);

    public AgentRefusals For(string agentId) =>
        _agents.TryGetValue(agentId, out var entry) ? entry.Read(agentId) : new AgentRefusals(agentId, 0, []);

    private sealed class AgentEntry
    {
        private readonly Lock _gate = new();
        private readonly Queue<AgentRefusal> _recent = new();
        private long _total;

        public void Add(AgentRefusal refusal)
        {
            lock (_gate)
            {
                _total++;
                _recent.Enqueue(refusal);
                if (_recent.Count > Kept)
                {
                    _recent.Dequeue();
                }
            }
        }

        public AgentRefusals Read(string agentId)
        {
            lock (_gate)
            {
                return new AgentRefusals(agentId, _total, [.. _recent.Reverse()]);
            }
        }
    }
}
