namespace Firebreak.Playbooks;

/// <summary>
/// A pre-approved response to a class of alerts, declared in the agent's registry entry: "financial anomaly on support
/// → kill <c>issue_refund</c>, shadow the agent, declare SEV2, page the commander, start blast radius".
/// </summary>
/// <param name="Name">A slug, unique within the agent; the actor of everything the playbook does is <c>playbook:&lt;name&gt;</c>.</param>
/// <param name="Description">Free text for people.</param>
/// <param name="Match">Which alerts it answers.</param>
/// <param name="Steps">What it does. Containment steps run first, in their order, then the others in theirs: a kill never waits for a page.</param>
/// <param name="Auto">Whether the server applies it by itself to a new matching alert (once per alert); otherwise an operator applies it.</param>
public sealed record PlaybookDefinition(
    string Name,
    string? Description,
    PlaybookMatch Match,
    IReadOnlyList<PlaybookStep> Steps,
    bool Auto = false);
