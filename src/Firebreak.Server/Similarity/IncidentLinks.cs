using System.Data.Common;
using System.Text.Json;
using Firebreak.Server.Storage;
using Firebreak.Similarity;

namespace Firebreak.Server.Similarity;

/// <summary>
/// The incidents a handful of runs belong to: through an alert that names the run and declared or joined the incident,
/// through a toxic mark made for the incident, or because the run started on one of the incident's agents inside its
/// window (open windows end when the incident was resolved, or not yet). Each query is bounded by the runs' ids,
/// agents and time span.
/// </summary>
internal static class IncidentLinks
{
    public static async Task<(IReadOnlyDictionary<string, IReadOnlyList<string>> ByRun, IReadOnlyList<SimilarIncident> Incidents)> FindAsync(
        DbConnection connection, IReadOnlyList<SimilarRun> runs, CancellationToken cancellationToken)
    {
        var links = new Dictionary<(string Run, string Incident), SortedSet<string>>();
        if (runs.Count == 0)
        {
            return (new Dictionary<string, IReadOnlyList<string>>(), []);
        }

        var byId = runs.GroupBy(r => r.RunId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var agents = runs.Select(r => r.AgentId).Distinct(StringComparer.Ordinal).ToList();
        var from = runs.Min(r => r.StartedAt).ToUnixTimeMilliseconds();
        var to = runs.Max(r => r.StartedAt).ToUnixTimeMilliseconds();

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT run_id, incident_id FROM toxic_runs WHERE incident_id IS NOT NULL AND run_id IN ({List(command, "r", byId.Keys)})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Link(links, reader.GetString(0), reader.GetString(1), "toxic");
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                $"SELECT incident_id, run_ids FROM alerts WHERE incident_id IS NOT NULL AND last_seen_at >= @from AND agent_id IN ({List(command, "a", agents)})";
            command.AddParameter("from", from);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                foreach (var runId in JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? [])
                {
                    if (byId.ContainsKey(runId))
                    {
                        Link(links, runId, reader.GetString(0), "alert");
                    }
                }
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT i.id, a.agent_id, i.window_start, COALESCE(i.window_end, i.resolved_at, i.closed_at) FROM incidents i JOIN incident_agents a ON a.incident_id = i.id " +
                $"WHERE i.window_start <= @to AND (COALESCE(i.window_end, i.resolved_at, i.closed_at) IS NULL OR COALESCE(i.window_end, i.resolved_at, i.closed_at) >= @from) AND a.agent_id IN ({List(command, "a", agents)})";
            command.AddParameter("from", from);
            command.AddParameter("to", to);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (incident, agent, start, end) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetNullableInt64(3));
                foreach (var run in runs)
                {
                    var at = run.StartedAt.ToUnixTimeMilliseconds();
                    if (string.Equals(run.AgentId, agent, StringComparison.Ordinal) && at >= start && (end is null || at <= end))
                    {
                        Link(links, run.RunId, incident, "window");
                    }
                }
            }
        }

        var incidents = new List<SimilarIncident>();
        var ids = links.Keys.Select(k => k.Incident).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (ids.Count > 0)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, title, status FROM incidents WHERE id IN ({List(command, "i", ids)}) ORDER BY number";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                var how = links.Where(l => l.Key.Incident == id).SelectMany(l => l.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                incidents.Add(new SimilarIncident(id, reader.GetString(1), reader.GetString(2), [.. how]));
            }
        }

        var byRun = links.Keys
            .GroupBy(k => k.Run, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(k => k.Incident).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], StringComparer.Ordinal);
        return (byRun, incidents);
    }

    /// <summary>Adds one parameter per value and returns their names for an <c>IN</c> list; values never enter the SQL text.</summary>
    private static string List(DbCommand command, string prefix, IEnumerable<string> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"{prefix}{names.Count}";
            command.AddParameter(name, value);
            names.Add($"@{name}");
        }

        return string.Join(", ", names);
    }

    private static void Link(Dictionary<(string Run, string Incident), SortedSet<string>> links, string runId, string incidentId, string how)
    {
        if (!links.TryGetValue((runId, incidentId), out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            links[(runId, incidentId)] = set;
        }

        set.Add(how);
    }
}
