using System.Data.Common;
using System.Text.Json;
using Firebreak.Regression;
using Firebreak.Serialization;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Regression;

/// <summary>Regression cases (immutable once captured) and the latest replay of each case on each release.</summary>
internal sealed class RegressionStore(Database database, StoreWriter writer, IncidentTimeline timeline)
{
    /// <summary>Stores a captured case, with <paramref name="entry"/>, if any, on its incident's timeline in the same transaction.</summary>
    public Task<RegressionCase> CreateAsync(RegressionCase regressionCase, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            timeline.With(
                context =>
                {
                    var stored = regressionCase with { CreatedAt = context.Now };
                    context.Execute(
                        "INSERT INTO regression_cases (id, agent_id, body, created_at) VALUES (@id, @agent, @body, @at)",
                        ("id", stored.Id),
                        ("agent", stored.AgentId),
                        ("body", JsonSerializer.Serialize(stored, FirebreakJson.Options)),
                        ("at", context.NowMs));
                    return stored;
                },
                _ => entry),
            cancellationToken);

    public async Task<RegressionCase?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT body FROM regression_cases WHERE id = @id");
        command.AddParameter("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string body ? Parse(body) : null;
    }

    /// <summary>The agent's cases, oldest first.</summary>
    public async Task<IReadOnlyList<RegressionCase>> ListAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT body FROM regression_cases WHERE agent_id = @agent ORDER BY created_at, id");
        command.AddParameter("agent", agentId);
        var cases = await command.ReadAllAsync(reader => Parse(reader.GetString(0)), cancellationToken);

        return cases;
    }

    /// <summary>Keeps <paramref name="request"/> as the latest replay of its case on its release.</summary>
    public Task<RegressionResult> RecordResultAsync(RegressionResultRequest request, string ranBy, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                context.Execute(
                    "INSERT INTO regression_results (case_id, release_id, passed, failures, ran_by, ran_at) VALUES (@case, @release, @passed, @failures, @by, @at) " +
                    "ON CONFLICT (case_id, release_id) DO UPDATE SET passed = @passed, failures = @failures, ran_by = @by, ran_at = @at",
                    ("case", request.CaseId),
                    ("release", request.ReleaseId),
                    ("passed", request.Passed ? 1 : 0),
                    ("failures", JsonSerializer.Serialize(request.Failures, FirebreakJson.Options)),
                    ("by", ranBy),
                    ("at", context.NowMs));
                return new RegressionResult(request.CaseId, request.ReleaseId, request.Passed, request.Failures, ranBy, context.Now);
            },
            cancellationToken);

    /// <summary>The latest replays of the agent's cases on <paramref name="releaseId"/>.</summary>
    public async Task<IReadOnlyList<RegressionResult>> ListResultsAsync(string agentId, string releaseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT r.case_id, r.release_id, r.passed, r.failures, r.ran_by, r.ran_at FROM regression_results r " +
            "JOIN regression_cases c ON c.id = r.case_id WHERE c.agent_id = @agent AND r.release_id = @release");
        command.AddParameter("agent", agentId);
        command.AddParameter("release", releaseId);
        var results = await command.ReadAllAsync(ReadResult, cancellationToken);

        return results;
    }

    private static RegressionResult ReadResult(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2) != 0,
        JsonSerializer.Deserialize<List<string>>(reader.GetString(3), FirebreakJson.Options) ?? [],
        reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

    private static RegressionCase Parse(string body) =>
        JsonSerializer.Deserialize<RegressionCase>(body, FirebreakJson.Options) ?? throw new InvalidDataException("A stored regression case is empty.");
}
