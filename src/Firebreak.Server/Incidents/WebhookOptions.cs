using System.ComponentModel.DataAnnotations;

namespace Firebreak.Server.Incidents;

/// <summary>One outbound webhook.</summary>
public sealed class WebhookOptions
{
    /// <summary>A unique name; deliveries refer to the webhook by it.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>Where deliveries are posted.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>Event types to deliver (<c>incident.declared</c>, <c>incident.status</c>, ...), or <c>*</c> for all.</summary>
    [MinLength(1)]
    public List<string> Events { get; init; } = [];

    /// <summary>The HMAC-SHA256 key for the <c>X-Firebreak-Signature</c> header.</summary>
    [Required]
    public string Secret { get; set; } = string.Empty;

    /// <summary><c>json</c> (the default: event, incident and timeline entry) or <c>slack</c> (an incoming-webhook <c>text</c> message).</summary>
    [RegularExpression("^(json|slack)$")]
    public string Format { get; set; } = "json";

    public bool Wants(string eventType) => Events.Contains("*", StringComparer.Ordinal) || Events.Contains(eventType, StringComparer.Ordinal);
}
