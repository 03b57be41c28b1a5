using Firebreak.Incidents;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Message templates as files people edit: <c>&lt;channel&gt;.md</c> from the configured folder when it has one, else the
/// copy shipped beside the server. An optional first line <c>Subject: ...</c> followed by a blank line is the subject.
/// Read on every message, so an edit needs no restart.
/// </summary>
internal sealed class IncidentTemplateFiles(IOptions<IncidentOptions> options)
{
    private const string SubjectPrefix = "Subject:";

    public static string ShippedDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Incidents", "Templates");

    public async Task<(string? Subject, string Body, string Path)> LoadAsync(CommunicationChannel channel, CancellationToken cancellationToken)
    {
        var name = StoredEnum.Name(channel) + ".md";
        var path = options.Value.TemplatesDirectory is { } folder && File.Exists(Path.Combine(folder, name))
            ? Path.Combine(folder, name)
            : Path.Combine(ShippedDirectory, name);
        var text = (await File.ReadAllTextAsync(path, cancellationToken)).ReplaceLineEndings("\n");
        if (!text.StartsWith(SubjectPrefix, StringComparison.Ordinal))
        {
            return (null, text.TrimEnd('\n'), path);
        }

        var lineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        var subject = (lineEnd < 0 ? text[SubjectPrefix.Length..] : text[SubjectPrefix.Length..lineEnd]).Trim();
        var body = lineEnd < 0 ? string.Empty : text[(lineEnd + 1)..].Trim('\n');
        return (subject, body, path);
    }
}
