using Firebreak.Regression;
using Firebreak.Releases;

namespace Firebreak.Client;

/// <summary>
/// The replay harness: runs an agent's regression cases against a release with every tool stubbed from the recorded
/// responses, checks the assertions, and reports the results so the server's gate can decide on promotions.
/// </summary>
/// <remarks>
/// The agent is the caller's code (the <c>agent</c> delegate of each method): Firebreak cannot know how an agent turns
/// a release into behaviour, only check what it did. It must build itself from <see cref="ReplaySession.Release"/>,
/// pass its tools through <see cref="ReplaySession.StubTools"/> and return its final output.
/// </remarks>
public static class RegressionReplay
{
    /// <summary>Replays one case.</summary>
    /// <param name="regressionCase">The case.</param>
    /// <param name="release">The release to replay it against.</param>
    /// <param name="agent">Runs the agent on the session's input and returns its output.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    public static async Task<ReplayOutcome> RunAsync(
        RegressionCase regressionCase,
        Release release,
        Func<ReplaySession, CancellationToken, Task<string?>> agent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(regressionCase);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(agent);
        var session = new ReplaySession(regressionCase, release);
        string? output = null;
        string? error = null;
        try
        {
            output = await agent(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = e.Message;
        }

        var transcript = new ReplayTranscript(session.Calls, output);
        return new ReplayOutcome(regressionCase, release.Id, transcript, RegressionEvaluator.Evaluate(regressionCase.Assertions, transcript), error);
    }

    /// <summary>
    /// Replays every regression case of <paramref name="agentId"/> against <paramref name="releaseId"/> and reports each
    /// result (<c>POST /api/v1/regression/results</c>).
    /// </summary>
    /// <param name="client">
    /// A client with a ci key bound to the agent (<c>firebreak keys create --role ci --agent &lt;id&gt;</c>) or an operator
    /// key. The agent's own key is refused: the agent under test never reports its own results.
    /// </param>
    /// <param name="agentId">The agent.</param>
    /// <param name="releaseId">The release, by id or unique prefix.</param>
    /// <param name="agent">Runs the agent on a session's input and returns its output.</param>
    /// <param name="cancellationToken">Cancels the replays.</param>
    /// <returns>Each case's outcome, in the server's order.</returns>
    public static async Task<IReadOnlyList<ReplayOutcome>> RunAndReportAsync(
        FirebreakClient client,
        string agentId,
        string releaseId,
        Func<ReplaySession, CancellationToken, Task<string?>> agent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var release = await client.GetReleaseAsync(releaseId, agentId, cancellationToken).ConfigureAwait(false);
        var cases = await client.ListRegressionCasesAsync(agentId, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<ReplayOutcome>(cases.Count);
        foreach (var regressionCase in cases)
        {
            var outcome = await RunAsync(regressionCase, release, agent, cancellationToken).ConfigureAwait(false);
            await client.ReportRegressionResultAsync(new RegressionResultRequest(regressionCase.Id, release.Id, outcome.Passed, outcome.Failures()), cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
        }

        return outcomes;
    }
}
