using Firebreak.Client;
using Firebreak.GameDays;
using Firebreak.Incidents;
using Firebreak.Readiness;
using Firebreak.Registry;

namespace Firebreak.Cli.Readiness;

/// <summary>Gathers the readiness facts of agents from the API: registry, control snapshot, enforcement points, releases, regression cases, drills.</summary>
internal sealed class ReadinessProbe(FirebreakClient client)
{
    private const int DrillsRead = 20;

    public async Task<IReadOnlyList<ReadinessFacts>> GatherAsync(string? agentId, CancellationToken cancellationToken)
    {
        var agents = agentId is null
            ? await client.ListAgentsAsync(cancellationToken)
            : [await client.GetAgentAsync(agentId, cancellationToken)];
        var points = await client.ListEnforcementPointsAsync(cancellationToken);
        var server = await client.GetServerReadinessAsync(cancellationToken);
        var facts = new List<ReadinessFacts>(agents.Count);
        foreach (var agent in agents.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var snapshot = await client.GetControlSnapshotAsync(agent.Id, cancellationToken);
            facts.Add(new ReadinessFacts(
                agent,
                snapshot.Epoch,
                points,
                await client.GetReleaseStateAsync(agent.Id, cancellationToken),
                (await client.ListRegressionCasesAsync(agent.Id, cancellationToken)).Count,
                server.RetentionDays,
                PlaybookClasses(agent),
                await client.ListGameDaysAsync(agent.Id, OperatorDrills.KillSwitchName, DrillsRead, cancellationToken),
                await client.ListGameDaysAsync(agent.Id, OperatorDrills.RollbackName, DrillsRead, cancellationToken)));
        }

        return facts;
    }

    /// <summary>The failure classes some playbook of the agent answers; a playbook an operator must apply counts, it is pre-approved all the same.</summary>
    private static IReadOnlyCollection<FailureClass> PlaybookClasses(AgentDefinition agent) =>
        [.. (agent.Playbooks ?? []).SelectMany(p => p.Match.FailureClasses).Distinct()];
}
