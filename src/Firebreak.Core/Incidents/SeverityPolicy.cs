using System.Collections.Frozen;

namespace Firebreak.Incidents;

/// <summary>What a severity level obliges the team to do: how fast, who hears about it, how often, and what comes after.</summary>
/// <param name="Severity">The level this policy applies to.</param>
/// <param name="Meaning">One sentence telling responders what incidents belong at this level.</param>
/// <param name="ResponseTime">How soon after detection someone must be working on it; <see langword="null"/> means the next business day, <see cref="TimeSpan.Zero"/> means immediately.</param>
/// <param name="FirstAction">What to do before anything else.</param>
/// <param name="SuggestedControlMode">The containment mode (<c>killed</c>, <c>fallback</c>, <c>normal</c>, ...) a playbook should propose first.</param>
/// <param name="NotifiedRoles">Who must be told, by role.</param>
/// <param name="NotifyWithin">How soon those roles must be told; <see langword="null"/> means at the next regular touch point (stand-up, ticket review).</param>
/// <param name="UpdateCadence">How often status updates go out while the incident is open; <see langword="null"/> means no scheduled updates.</param>
/// <param name="Pages24x7">Whether on-call is paged at any hour; otherwise the incident waits for business hours.</param>
/// <param name="PostmortemRequired">Whether a written postmortem is due within <see cref="PostmortemDeadline.Window"/> of resolution.</param>
internal sealed record SeverityPolicy(
    Severity Severity,
    string Meaning,
    TimeSpan? ResponseTime,
    string FirstAction,
    string SuggestedControlMode,
    IReadOnlyList<string> NotifiedRoles,
    TimeSpan? NotifyWithin,
    TimeSpan? UpdateCadence,
    bool Pages24x7,
    bool PostmortemRequired)
{
    /// <summary>
    /// The policies Firebreak ships with, one per level.
    /// SEV1: respond at once, kill switch first, engineering lead, VP engineering, legal and communications told within 15 minutes, updates every 30 minutes.
    /// SEV2: respond within 1 hour, fallback first, updates hourly.
    /// SEV3: respond within 4 hours, updates every 4 hours.
    /// SEV4: next business day, backlog, no scheduled updates.
    /// SEV1 and SEV2 page around the clock and require a postmortem. SEV3 waits for business hours and does not require a
    /// written postmortem: its impact is limited and its correction clear, so the regression case that closes it carries the
    /// lesson; teams that want one for SEV3 can override this policy.
    /// </summary>
    public static IReadOnlyDictionary<Severity, SeverityPolicy> Defaults { get; } = new SeverityPolicy[]
    {
        new(
            Severity.Sev1,
            "The agent is doing harm right now: exposing personal data, moving money or taking irreversible actions it should not, at scale.",
            TimeSpan.Zero,
            "Kill the agent before anything else, so that it takes no further action while the team looks.",
            "killed",
            ["engineering lead", "VP engineering", "legal", "communications"],
            TimeSpan.FromMinutes(15),
            TimeSpan.FromMinutes(30),
            Pages24x7: true,
            PostmortemRequired: true),
        new(
            Severity.Sev2,
            "The agent's mistakes touch money, law, security, privacy or safety, or degrade the service for many users, but the harm is contained or slowing.",
            TimeSpan.FromHours(1),
            "Move the agent to its fallback (static answers, human handoff or read-only tools) while the cause is found.",
            "fallback",
            ["engineering lead", "product manager", "customer support"],
            TimeSpan.FromHours(1),
            TimeSpan.FromHours(1),
            Pages24x7: true,
            PostmortemRequired: true),
        new(
            Severity.Sev3,
            "Users can see the problem, but it is limited in scope and has a clear correction.",
            TimeSpan.FromHours(4),
            "Open a ticket, start investigating and watch for signs that it is growing into a SEV2.",
            "normal",
            ["team lead"],
            null,
            TimeSpan.FromHours(4),
            Pages24x7: false,
            PostmortemRequired: false),
        new(
            Severity.Sev4,
            "The problem was caught before it reached users, or is cosmetic.",
            null,
            "Add a ticket to the backlog and fix it in a regular release.",
            "normal",
            [],
            null,
            null,
            Pages24x7: false,
            PostmortemRequired: false),
    }.ToFrozenDictionary(p => p.Severity);
}
