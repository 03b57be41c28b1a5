namespace Firebreak.Incidents;

/// <summary>What kind of event a timeline entry records.</summary>
public enum TimelineKind
{
    /// <summary>The incident was declared.</summary>
    Declared,

    /// <summary>The status changed.</summary>
    Status,

    /// <summary>The severity changed, or a suggestion differed from it.</summary>
    Severity,

    /// <summary>Commander, scribe or responders changed.</summary>
    Role,

    /// <summary>Free text from a responder; corrections are new notes.</summary>
    Note,

    /// <summary>A status update or customer notice went out.</summary>
    Communication,

    /// <summary>A control (kill, shadow, fallback, ...) changed.</summary>
    Control,

    /// <summary>An approval was granted or refused.</summary>
    Approval,

    /// <summary>Input was held for review.</summary>
    Held,

    /// <summary>A compensation ran.</summary>
    Compensation,

    /// <summary>A release was activated, rolled back or restored gradually, or the regression gate was overridden.</summary>
    Release,

    /// <summary>The commander was paged; webhooks subscribed to <c>incident.page</c> (or <c>*</c>) deliver it.</summary>
    Page,

    /// <summary>Someone answered the page; its repeats and escalations stop. Delivered as <c>incident.page_acknowledged</c>.</summary>
    PageAcknowledged,

    /// <summary>A status update is overdue by the severity's cadence; delivered as <c>incident.update_overdue</c>, once per missed interval.</summary>
    UpdateOverdue,
}
