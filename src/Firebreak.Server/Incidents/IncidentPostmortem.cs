using System.Text;
using Firebreak.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Incidents;

/// <summary>Assembles a <see cref="PostmortemDocument"/> from what is stored about an incident, impact from the ledger.</summary>
internal static class IncidentPostmortem
{
    public static async Task<PostmortemDocument?> BuildAsync(string id, IncidentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } incident)
        {
            return null;
        }

        var timeline = await store.GetTimelineAsync(id, cancellationToken);
        var items = await store.GetActionItemsAsync(id, cancellationToken);
        var impact = await store.GetImpactAsync(incident, time.GetUtcNow(), cancellationToken);
        var failureMode = FailureClassNames.Format(incident.FailureClass)
            + (incident.Tool is { } tool ? $" involving tool `{tool}`" : string.Empty)
            + $" on {string.Join(", ", incident.Agents)}."
            + (incident.RecurrenceOf is { } previous ? $" Recurrence of {previous}." : string.Empty);
        return new PostmortemDocument(
            incident.Id,
            incident.Title,
            SeverityNames.Parse(incident.Severity),
            incident.Summary ?? incident.Title,
            [.. timeline.Select(e => new TimelineEntry(e.At, e.Actor, e.Text))],
            failureMode,
            incident.RootCause,
            incident.RootCauseOwner,
            impact,
            incident.WentWell,
            incident.ToImprove,
            [.. items.Select(i => new ActionItem(i.Text, i.Owner, i.Due, i.Status))]);
    }

    /// <summary>The postmortem followed by every message that went out, for an archive or a ticket.</summary>
    public static string Export(PostmortemDocument document, IReadOnlyList<IncidentCommunication> communications)
    {
        var md = new StringBuilder(PostmortemRenderer.ToMarkdown(document));
        md.Append("\n## Communications\n\n");
        if (communications.Count == 0)
        {
            md.Append("None recorded.\n");
        }

        foreach (var message in communications)
        {
            md.Append("### ").Append(message.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" · ").Append(StoredEnum.Name(message.Channel)).Append(" · ").Append(message.Actor).Append("\n\n");
            if (message.Subject is { } subject)
            {
                md.Append("**").Append(subject).Append("**\n\n");
            }

            md.Append(message.Body.ReplaceLineEndings("\n")).Append("\n\n");
        }

        return md.ToString();
    }
}
