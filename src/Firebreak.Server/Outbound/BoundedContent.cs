using System.Text;

namespace Firebreak.Server.Outbound;

/// <summary>Reads at most a set number of bytes of a response body, so a large or endless body costs no more than that.</summary>
internal static class BoundedContent
{
    /// <summary>The first <paramref name="maxBytes"/> bytes of <paramref name="content"/>, and whether there was more.</summary>
    public static async Task<(byte[] Bytes, bool Truncated)> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        return read > maxBytes ? (buffer[..maxBytes], true) : (buffer[..read], false);
    }

    /// <summary>The start of <paramref name="content"/> as text, at most <paramref name="maxChars"/> characters.</summary>
    public static async Task<string> ReadPrefixAsync(HttpContent content, int maxChars, CancellationToken cancellationToken)
    {
        // UTF-8 needs at most four bytes a character; a character cut in half at the end is dropped by the final cut.
        var (bytes, truncated) = await ReadAsync(content, maxChars * 4, cancellationToken);
        return Cut(Encoding.UTF8.GetString(bytes), maxChars, truncated);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="maxChars"/> characters, marked when anything was cut.</summary>
    public static string Cut(string text, int maxChars, bool truncated = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > maxChars ? text[..maxChars] + "…" : truncated ? text + "…" : text;
    }
}
