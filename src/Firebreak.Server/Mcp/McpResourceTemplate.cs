using System.Text;
using System.Text.RegularExpressions;

namespace Firebreak.Server.Mcp;

/// <summary>
/// A resource template an upstream listed (an RFC 6570 URI template, <c>notes://kb/{id}</c>), used to tell whether a
/// URI is one the upstream offers. Each expression matches what it can expand to: a simple <c>{id}</c> one path
/// segment with no query or fragment, <c>{+path}</c> and <c>{#frag}</c> anything, <c>{/a}</c>, <c>{.a}</c> and
/// <c>{;a}</c> their prefixed segments, <c>{?q}</c> and <c>{&amp;q}</c> a query. A URI with a <c>..</c> segment
/// (however encoded) never matches: a template offers the resources under it, not its parents.
/// </summary>
internal sealed class McpResourceTemplate
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex _pattern;

    public McpResourceTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Template = template;
        _pattern = new Regex(ToPattern(template), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout);
    }

    public string Template { get; }

    public bool Matches(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (HasParentSegment(uri))
        {
            return false;
        }

        try
        {
            return _pattern.IsMatch(uri);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string ToPattern(string template)
    {
        var pattern = new StringBuilder("^");
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                pattern.Append(Regex.Escape(template[at..]));
                break;
            }

            pattern.Append(Regex.Escape(template[at..open]));
            var expression = template[(open + 1)..close];
            pattern.Append(expression.Length == 0 ? string.Empty : expression[0] switch
            {
                '+' => ".*",
                '#' => "(#.*)?",
                '/' => "(/[^/?#]*)*",
                '.' => @"(\.[^/?#]*)*",
                ';' => "(;[^/?#]*)*",
                '?' => @"(\?[^#]*)?",
                '&' => "(&[^#]*)?",
                _ => "[^/?#]*",
            });
            at = close + 1;
        }

        return pattern.Append('$').ToString();
    }

    // Decoded until stable, so that a doubly encoded "%252e%252e" counts as the ".." an upstream decoding twice would see.
    private static bool HasParentSegment(string uri)
    {
        var decoded = uri;
        for (var previous = string.Empty; decoded != previous;)
        {
            previous = decoded;
            decoded = Uri.UnescapeDataString(decoded);
        }

        return decoded.Split('/', '\\', '?', '#').Any(segment => segment == "..");
    }
}
