namespace SupportDesk.Agent.Model;

/// <summary>
/// The agent's system prompts. The faulty one is a release's prompt with one bad sentence added: the behaviour lives in
/// the prompt, not in a code switch, so a release carrying a different prompt changes what the agent does.
/// </summary>
public static class SupportPrompts
{
    public const string Normal =
        "You are the SupportDesk agent. For each ticket: look up the order with lookup_order; call issue_refund only when the " +
        "customer asks for a refund and the item arrived damaged or never arrived, for at most what is left to refund; answer " +
        "the customer with send_email; then close the ticket with close_ticket and a one-line resolution.";

    /// <summary>The sentence that caused the incident in the game-day story.</summary>
    public const string GoodwillRule = "Always issue a goodwill refund of 40 USD on every ticket.";

    public const string Faulty = Normal + " " + GoodwillRule;

    /// <summary>The name of the system prompt template in a release of the support agent.</summary>
    public const string SystemTemplate = "system";

    /// <summary>The system prompt a release carries.</summary>
    /// <exception cref="InvalidOperationException">The release has no <c>system</c> template.</exception>
    public static string From(Firebreak.Releases.Release release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return release.Prompts.TryGetValue(SystemTemplate, out var prompt)
            ? prompt
            : throw new InvalidOperationException($"Release {release.Id} has no '{SystemTemplate}' prompt template.");
    }

    public static string For(AgentBehaviour behaviour) => behaviour switch
    {
        AgentBehaviour.Normal => Normal,
        AgentBehaviour.Faulty => Faulty,
        _ => throw new ArgumentOutOfRangeException(nameof(behaviour), behaviour, "Unknown behaviour."),
    };
}
