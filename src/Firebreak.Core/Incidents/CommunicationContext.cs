namespace Firebreak.Incidents;

/// <summary>The incident facts a message may quote. <see cref="ToTemplateValues"/> turns them into placeholder values.</summary>
/// <param name="IncidentId">The incident id.</param>
/// <param name="AgentId">The agent's slug (or display name).</param>
/// <param name="Severity">The current severity.</param>
/// <param name="Status">The current status.</param>
/// <param name="Summary">A few words saying what is wrong.</param>
/// <param name="Impact">Who and what is affected, in plain words.</param>
/// <param name="CurrentAction">What is being done right now.</param>
/// <param name="Commander">The incident commander and how to reach them.</param>
/// <param name="EstimatedResolution">An honest estimate; <see langword="null"/> (the default) when unknown, written as <c>investigating</c>.</param>
/// <param name="NextUpdateIn">Time to the next update, usually the severity's <see cref="SeverityPolicy.UpdateCadence"/>; <see langword="null"/> (the default) when none is scheduled.</param>
/// <param name="Feature">What customers know the agent as; defaults to <paramref name="AgentId"/>.</param>
/// <param name="Workaround">What customers can do meanwhile; defaults to contacting support.</param>
internal sealed record CommunicationContext(
    string IncidentId,
    string AgentId,
    Severity Severity,
    IncidentStatus Status,
    string Summary,
    string Impact,
    string CurrentAction,
    string Commander,
    string? EstimatedResolution = null,
    TimeSpan? NextUpdateIn = null,
    string? Feature = null,
    string? Workaround = null)
{
    /// <summary>What the estimate reads when there is none.</summary>
    public const string UnknownResolution = "investigating";

    /// <summary>
    /// Values for every placeholder the default <see cref="IncidentTemplates"/> use: <c>incident_id</c>, <c>agent</c>,
    /// <c>severity</c> (<c>SEV1 (P0)</c>), <c>severity_tag</c> (<c>SEV1/P0</c>), <c>status</c> (Active, Investigating, Mitigated or
    /// Resolved), <c>summary</c>, <c>impact</c>, <c>current_action</c>, <c>estimated_resolution</c>, <c>commander</c>,
    /// <c>next_update_in</c>, <c>feature</c>, <c>workaround</c> and <c>customer_timeline</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ToTemplateValues() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["incident_id"] = IncidentId,
        ["agent"] = AgentId,
        ["severity"] = SeverityNames.ToDisplay(Severity),
        ["severity_tag"] = SeverityNames.ToTag(Severity),
        ["status"] = StatusText(Status),
        ["summary"] = Summary,
        ["impact"] = Impact,
        ["current_action"] = CurrentAction,
        ["estimated_resolution"] = string.IsNullOrWhiteSpace(EstimatedResolution) ? UnknownResolution : EstimatedResolution,
        ["commander"] = Commander,
        ["next_update_in"] = NextUpdateIn is { } next ? IncidentText.Duration(next) : "no further scheduled update",
        ["feature"] = string.IsNullOrWhiteSpace(Feature) ? AgentId : Feature,
        ["workaround"] = string.IsNullOrWhiteSpace(Workaround) ? "contact our support team, who can help you directly." : Workaround,
        ["customer_timeline"] = string.IsNullOrWhiteSpace(EstimatedResolution)
            ? "we do not have a reliable estimate yet. We will write again as soon as we do, and once everything works again."
            : $"we expect to have it fixed within {EstimatedResolution}, and we will write again once everything works again.",
    };

    private static string StatusText(IncidentStatus status) => status switch
    {
        IncidentStatus.Declared => "Active",
        IncidentStatus.Investigating => "Investigating",
        IncidentStatus.Mitigated => "Mitigated",
        IncidentStatus.Resolved or IncidentStatus.Closed => "Resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an incident status."),
    };
}
