using System.Text.Json;
using Firebreak.Client;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Model;

namespace SupportDesk.Agent.Releases;

/// <summary>
/// The support agent under Firebreak's replay harness: each regression case's recorded ticket goes to the agent as the
/// release builds it (prompt and model), with every tool stubbed from the recorded responses, so nothing reaches the desk.
/// </summary>
public static class ReleaseReplay
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Replays every case of <paramref name="agentId"/> against <paramref name="releaseId"/> and reports the results.</summary>
    public static Task<IReadOnlyList<ReplayOutcome>> RunAsync(
        FirebreakClient client,
        string agentId,
        string releaseId,
        DeskClient desk,
        ModelSettings modelSettings,
        CancellationToken cancellationToken) =>
        RegressionReplay.RunAndReportAsync(
            client,
            agentId,
            releaseId,
            async (session, ct) =>
            {
                var ticket = session.Input.Deserialize<DeskTicket>(Json)
                    ?? throw new InvalidOperationException($"Case {session.Case.Id} has no ticket as input.");
                using var model = ChatClientFactory.Create(session.Release, modelSettings);
                var agent = new SupportAgent(model, desk, SupportPrompts.From(session.Release), session.StubTools);
                return await agent.RunAsync(ticket, $"replay-{session.Case.Id}", ct).ConfigureAwait(false);
            },
            cancellationToken);
}
