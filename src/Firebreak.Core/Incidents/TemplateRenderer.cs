using System.Text;

namespace Firebreak.Incidents;

/// <summary>
/// Fills <c>{{name}}</c> placeholders (spaces inside the braces allowed; names of ASCII letters, digits and underscores).
/// A placeholder whose name has no entry in the values is an error, so a typo in a template never reaches a customer;
/// an entry with a <see langword="null"/> or empty value is rendered as <see cref="MissingValue"/> says.
/// </summary>
internal static class TemplateRenderer
{
    /// <summary>Renders <paramref name="template"/> with <paramref name="values"/>.</summary>
    /// <param name="template">The template text.</param>
    /// <param name="values">Placeholder values by name; the dictionary's comparer decides whether names are case-sensitive.</param>
    /// <param name="missing">What to write for a null or empty value; defaults to <see cref="MissingValue.Empty"/>.</param>
    /// <exception cref="FormatException">The template is malformed or uses a placeholder with no entry in <paramref name="values"/>; the message lists every problem.</exception>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values, MissingValue missing = MissingValue.Empty)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (segments, errors) = Parse(template);
        errors.AddRange(segments.Where(s => s.IsPlaceholder && !values.ContainsKey(s.Text)).Select(s => $"unknown placeholder '{{{{{s.Text}}}}}'"));
        if (errors.Count > 0)
        {
            throw new FormatException($"The template cannot be rendered: {string.Join("; ", errors.Distinct(StringComparer.Ordinal))}.");
        }

        var text = new StringBuilder(template.Length);
        foreach (var segment in segments)
        {
            if (!segment.IsPlaceholder)
            {
                text.Append(segment.Text);
            }
            else if (values[segment.Text] is { Length: > 0 } value)
            {
                text.Append(value);
            }
            else if (missing == MissingValue.Marked)
            {
                text.Append('[').Append(segment.Text).Append(" not set]");
            }
        }

        return text.ToString();
    }

    /// <summary>Checks a template against the names it may use, without rendering it (for templates operators supply).</summary>
    /// <returns>Every problem found; empty when the template is usable.</returns>
    public static IReadOnlyList<string> Validate(string template, IEnumerable<string> knownNames)
    {
        ArgumentNullException.ThrowIfNull(knownNames);
        var known = knownNames.ToHashSet(StringComparer.Ordinal);
        var (segments, errors) = Parse(template);
        errors.AddRange(segments.Where(s => s.IsPlaceholder && !known.Contains(s.Text)).Select(s => $"unknown placeholder '{{{{{s.Text}}}}}'"));
        return [.. errors.Distinct(StringComparer.Ordinal)];
    }

    private static (List<(bool IsPlaceholder, string Text)> Segments, List<string> Errors) Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var segments = new List<(bool IsPlaceholder, string Text)>();
        var errors = new List<string>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add((false, template[position..]));
                break;
            }

            segments.Add((false, template[position..open]));
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                errors.Add($"placeholder opened at position {open} is never closed");
                break;
            }

            var name = template[(open + 2)..close].Trim();
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                errors.Add($"'{template[open..(close + 2)]}' at position {open} is not a placeholder name (letters, digits and underscores)");
            }
            else
            {
                segments.Add((true, name));
            }

            position = close + 2;
        }

        return (segments, errors);
    }
}
