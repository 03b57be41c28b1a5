using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Compensation;

/// <summary>
/// Plans the memory purges and knowledge-source quarantines of a compensation run: one purge of the window per agent
/// and one quarantine per agent and source, each through the hook the agent declares, with a key derived from the run.
/// </summary>
internal static class CompensationHookPlanner
{
    /// <summary>The hooks to call, or the errors that refuse the plan (an agent without the hook, no window, a template without a value).</summary>
    public static (IReadOnlyList<CompensationHook> Hooks, ValidationErrors Errors) Plan(
        string runId,
        IReadOnlyList<AgentDefinition> agents,
        bool purgeMemory,
        IReadOnlyList<string> sources,
        DateTimeOffset? since,
        DateTimeOffset until,
        IReadOnlyDictionary<string, string> endpoints,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(sources);
        var errors = new ValidationErrors();
        var hooks = new List<CompensationHook>();
        if (!purgeMemory && sources.Count == 0)
        {
            return (hooks, errors);
        }

        if (agents.Count == 0)
        {
            errors.Add("selection.agents", "must name the agents (or an incident) whose memory or knowledge the run changes");
        }

        if (purgeMemory && since is null)
        {
            errors.Add("selection.since", "is required to purge memory: the purge removes what was written in [since, until)");
        }
        else if (purgeMemory && until <= since)
        {
            errors.Add("selection.until", "must be after since");
        }

        foreach (var agent in agents)
        {
            if (purgeMemory && since is { } start)
            {
                Add(CompensationHookKind.MemoryPurge, agent.Memory?.Purge, agent.Id, null, start, until);
            }

            foreach (var source in sources)
            {
                Add(CompensationHookKind.KnowledgeQuarantine, agent.Memory?.Quarantine, agent.Id, source, null, null);
            }
        }

        return (errors.IsValid ? hooks : [], errors);

        void Add(CompensationHookKind kind, HttpCompensator? hook, string agentId, string? source, DateTimeOffset? from, DateTimeOffset? to)
        {
            var field = kind == CompensationHookKind.MemoryPurge ? "purgeMemory" : "quarantine";
            if (hook is null)
            {
                errors.Add(field, $"agent '{agentId}' declares no {(kind == CompensationHookKind.MemoryPurge ? "memory purge" : "knowledge quarantine")} hook in the registry");
                return;
            }

            var key = KeyFor(runId, agentId, kind, source);
            if (!TryExpand(hook.Url, agentId, source, from, to, key, endpoints, out var url, out var error))
            {
                errors.Add(field, $"cannot build the hook URL of agent '{agentId}': {error}");
                return;
            }

            hooks.Add(new CompensationHook(
                hooks.Count + 1, agentId, kind, source, from, to, url, key, CompensationItemState.Planned, 0, null, null, null, null, now));
        }
    }

    /// <summary>The idempotency key of a hook call: the same run, agent and source always get the same key.</summary>
    public static string KeyFor(string runId, string agentId, CompensationHookKind kind, string? source)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(agentId);
        var name = kind == CompensationHookKind.MemoryPurge ? "memory_purge" : "knowledge_quarantine";
        return CompensationKey.For(agentId, source is null ? $"{runId}:{name}" : $"{runId}:{name}:{source}");
    }

    /// <summary>Fills one of a hook's templates (its URL, verification URL or expected value) for a planned hook.</summary>
    public static bool TryExpand(
        string template,
        CompensationHook hook,
        IReadOnlyDictionary<string, string> endpoints,
        [NotNullWhen(true)] out string? expanded,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return TryExpand(template, hook.AgentId, hook.Source, hook.Since, hook.Until, hook.HookKey, endpoints, out expanded, out error);
    }

    private static bool TryExpand(
        string template,
        string agentId,
        string? source,
        DateTimeOffset? since,
        DateTimeOffset? until,
        string key,
        IReadOnlyDictionary<string, string> endpoints,
        [NotNullWhen(true)] out string? expanded,
        [NotNullWhen(false)] out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["agent"] = agentId, ["key"] = key };
        if (source is not null)
        {
            values["source"] = source;
        }

        if (since is { } from)
        {
            values["since"] = Timestamp(from);
        }

        if (until is { } to)
        {
            values["until"] = Timestamp(to);
        }

        return CompensationTemplate.TryExpand(template, values, endpoints, out expanded, out error);
    }

    private static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
