using System.Globalization;
using System.Text;

namespace Firebreak.Incidents;

/// <summary>
/// Writes a <see cref="PostmortemDocument"/> as CommonMark with these level-two sections, always present and in this order:
/// Summary, Timeline, Failure mode, Root cause, Impact, What went well, What to improve, Action items.
/// Times are written in UTC; an empty list reads "None recorded."; table cells have pipes escaped and line breaks flattened;
/// lines end with <c>\n</c> on every platform.
/// </summary>
internal static class PostmortemRenderer
{
    private const string NoneRecorded = "None recorded.";

    /// <summary>Renders <paramref name="document"/>; the text ends with a single newline.</summary>
    public static string ToMarkdown(PostmortemDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        md.Append("# Postmortem: ").AppendLine(Inline(document.Title)).AppendLine();
        md.Append("Incident `").Append(Inline(document.IncidentId)).Append("` · ").AppendLine(SeverityNames.ToDisplay(document.Severity));

        Section(md, "Summary").AppendLine(Block(document.Summary));

        Section(md, "Timeline");
        if (document.Timeline.Count == 0)
        {
            md.AppendLine(NoneRecorded);
        }
        else
        {
            md.AppendLine("| Time (UTC) | Actor | Event |").AppendLine("| --- | --- | --- |");
            foreach (var entry in document.Timeline.OrderBy(e => e.At))
            {
                Row(md, Time(entry.At), entry.Actor, entry.Text);
            }
        }

        Section(md, "Failure mode").AppendLine(Block(document.FailureMode));

        Section(md, "Root cause").AppendLine(document.RootCause is { } cause && !string.IsNullOrWhiteSpace(cause) ? Block(cause) : "Pending.");
        md.AppendLine().Append("Owner: ").AppendLine(document.RootCauseOwner is { } owner && !string.IsNullOrWhiteSpace(owner) ? Inline(owner) : "unassigned");

        Impact(Section(md, "Impact"), document.Impact);

        List(Section(md, "What went well"), document.WentWell);
        List(Section(md, "What to improve"), document.ToImprove);

        Section(md, "Action items");
        if (document.ActionItems.Count == 0)
        {
            md.AppendLine(NoneRecorded);
        }
        else
        {
            md.AppendLine("| Action | Owner | Due | Status |").AppendLine("| --- | --- | --- | --- |");
            foreach (var item in document.ActionItems)
            {
                Row(md, item.Text, item.Owner, item.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StatusText(item.Status));
            }
        }

        return md.ToString().ReplaceLineEndings("\n");
    }

    private static StringBuilder Section(StringBuilder md, string heading) =>
        md.AppendLine().Append("## ").AppendLine(heading).AppendLine();

    private static void Impact(StringBuilder md, PostmortemImpact impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        md.Append(CultureInfo.InvariantCulture, $"- Wrong actions: {impact.Actions}").AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"- Customers affected: {impact.Customers}").AppendLine();
        md.Append("- Records affected:").AppendLine(impact.EntitiesByType.Count == 0 ? " none" : string.Empty);
        foreach (var (type, count) in impact.EntitiesByType.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture, $"  - {Inline(type)}: {count}").AppendLine();
        }

        md.Append("- Money moved in error: ").AppendLine(impact.MoneyByCurrency.Count == 0
            ? "none"
            : string.Join(", ", impact.MoneyByCurrency.OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => IncidentText.Money(m.Value, Inline(m.Key)))));
        md.Append("- Duration: ").AppendLine(impact.Duration is { } duration ? IncidentText.Duration(duration) : "unknown");
        if (!string.IsNullOrWhiteSpace(impact.Notes))
        {
            md.AppendLine().AppendLine(Block(impact.Notes));
        }
    }

    private static void List(StringBuilder md, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            md.AppendLine(NoneRecorded);
            return;
        }

        foreach (var item in items)
        {
            md.Append("- ").AppendLine(Inline(item));
        }
    }

    private static void Row(StringBuilder md, params ReadOnlySpan<string> cells)
    {
        md.Append('|');
        foreach (var cell in cells)
        {
            md.Append(' ').Append(Inline(cell).Replace("|", "\\|", StringComparison.Ordinal)).Append(" |");
        }

        md.AppendLine();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string StatusText(ActionItemStatus status) => status switch
    {
        ActionItemStatus.Open => "open",
        ActionItemStatus.InProgress => "in progress",
        ActionItemStatus.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an action item status."),
    };

    /// <summary>One line: line breaks become spaces so a value cannot start a new Markdown block.</summary>
    private static string Inline(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A paragraph block; a line that would open a heading is escaped so the section structure stays as rendered.</summary>
    private static string Block(string text) =>
        string.Join('\n', text.Trim().ReplaceLineEndings("\n").Split('\n')
            .Select(line => line.TrimStart().StartsWith('#') ? "\\" + line.TrimStart() : line));
}
