using System.Text.Json;
using Firebreak.Serialization;

namespace Firebreak.Releases;

/// <summary>What differs between two releases: every leaf of their content that changed, with texts diffed by line.</summary>
internal static class ReleaseDiff
{
    public static IReadOnlyList<ReleaseDiffEntry> Compare(Release from, Release to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = Flatten(from.ToContent().ToJson());
        var after = Flatten(to.ToContent().ToJson());
        var entries = new List<ReleaseDiffEntry>();
        foreach (var path in before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(path, out var old);
            after.TryGetValue(path, out var now);
            var oldText = old is { } o ? CanonicalJson.Serialize(o) : null;
            var newText = now is { } n ? CanonicalJson.Serialize(n) : null;
            if (string.Equals(oldText, newText, StringComparison.Ordinal))
            {
                continue;
            }

            var lines = old is { ValueKind: JsonValueKind.String } os && now is { ValueKind: JsonValueKind.String } ns
                ? Lines(os.GetString()!, ns.GetString()!)
                : [];
            entries.Add(new ReleaseDiffEntry(path, oldText, newText, lines));
        }

        return entries;
    }

    /// <summary>
    /// A line diff by longest common subsequence. Prompts are a few hundred lines at most, so the quadratic table is
    /// cheap, and its output reads like <c>diff</c>. A single-line text is split at sentence ends, so one added
    /// sentence in a long prompt line shows as one added line.
    /// </summary>
    public static IReadOnlyList<string> Lines(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Split(before);
        var b = Split(after);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal) ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                lines.Add("  " + a[x++]);
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add("+ " + b[y++]);
            }
            else
            {
                lines.Add("- " + a[x++]);
            }
        }

        return lines;
    }

    private static string[] Split(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length > 1)
        {
            return lines;
        }

        var sentences = text.Split(". ");
        return [.. sentences.Select((s, i) => i < sentences.Length - 1 ? s + "." : s)];
    }

    private static Dictionary<string, JsonElement> Flatten(JsonElement root)
    {
        var leaves = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Walk(root, string.Empty, leaves);
        return leaves;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, JsonElement> leaves)
    {
        if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Any())
        {
            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", leaves);
            }
        }
        else
        {
            leaves[path] = element;
        }
    }
}
