using System.Text.Json.Serialization;

namespace Firebreak.Playbooks;

/// <summary>What a playbook step does. Written in kebab-case in JSON (<c>declare-incident</c>), like the CLI.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlaybookStepKind>))]
public enum PlaybookStepKind
{
    /// <summary>Changes containment (kill, shadow, approval, fallback, pause, freeze) through the control plane.</summary>
    [JsonStringEnumMemberName("control")]
    Control,

    /// <summary>Puts the agent at the strict policy level (guardrail flags become blocks, detector thresholds drop), through the control plane.</summary>
    [JsonStringEnumMemberName("strict")]
    Strict,

    /// <summary>Declares an incident, or joins the one the alert already declared.</summary>
    [JsonStringEnumMemberName("declare-incident")]
    DeclareIncident,

    /// <summary>Notifies the incident commander through the incident webhooks (event <c>incident.page</c>).</summary>
    [JsonStringEnumMemberName("page")]
    Page,

    /// <summary>Computes the blast radius over the alert's window and writes its summary on the incident timeline.</summary>
    [JsonStringEnumMemberName("blast-radius")]
    BlastRadius,
}
