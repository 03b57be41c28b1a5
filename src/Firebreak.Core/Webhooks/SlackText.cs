namespace Firebreak.Webhooks;

/// <summary>Text for Slack messages (<c>mrkdwn</c>).</summary>
internal static class SlackText
{
    /// <summary>
    /// Escapes <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as Slack requires, so text from agents or users shows as
    /// written: <c>&lt;!channel&gt;</c> cannot ping a channel and <c>&lt;http://evil|click&gt;</c> cannot disguise a link.
    /// <c>&amp;</c> goes first, or the other escapes would be escaped again.
    /// </summary>
    /// <param name="text">Untrusted text.</param>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }
}
