namespace Firebreak.Incidents;

/// <summary>
/// The messages Firebreak drafts out of the box, for <see cref="TemplateRenderer"/> with the values of
/// <see cref="CommunicationContext.ToTemplateValues"/>. Teams replace them with their own wording through configuration.
/// </summary>
internal static class IncidentTemplates
{
    /// <summary>Subject of the internal update, e.g. <c>[SEV1/P0] Agent Incident — support-bot — Wrong refunds</c>.</summary>
    public const string InternalUpdateSubject = "[{{severity_tag}}] Agent Incident — {{agent}} — {{summary}}";

    /// <summary>Body of the internal update to engineering, leadership, legal, support and communications.</summary>
    public const string InternalUpdateBody =
        """
        Status: {{status}}
        Severity: {{severity}}
        Impact: {{impact}}
        Current action: {{current_action}}
        Estimated resolution: {{estimated_resolution}}
        Incident commander: {{commander}}
        Next update in: {{next_update_in}}
        Incident: {{incident_id}}
        """;

    /// <summary>Subject of the notice to affected customers.</summary>
    public const string CustomerNoticeSubject = "Service update: {{feature}}";

    /// <summary>Body of the notice to affected customers: what they may see, what they can do meanwhile, when to expect a fix, and an apology.</summary>
    public const string CustomerNoticeBody =
        """
        Hello,

        Something is not working as it should in {{feature}}, and our team is on it right now.

        What you may notice: {{impact}}

        What you can do in the meantime: {{workaround}}

        When to expect a fix: {{customer_timeline}}

        We are sorry for the trouble this causes you, and thank you for your patience while we put it right.
        """;

    /// <summary>A one-line post for the incident chat channel.</summary>
    public const string ChatPost =
        "[{{severity_tag}}] {{agent}}: {{summary}} | {{status}} | now: {{current_action}} | IC {{commander}} | next update in {{next_update_in}}";
}
