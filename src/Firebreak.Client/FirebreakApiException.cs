using System.Globalization;
using System.Net;
using System.Text;

namespace Firebreak.Client;

/// <summary>
/// The Firebreak server answered with an error. Built from the RFC 9457 problem details the server sends; when the
/// body is not a problem (a proxy's error page, say), <see cref="Title"/> is the HTTP reason phrase and
/// <see cref="Detail"/> the start of the body.
/// </summary>
public sealed class FirebreakApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoErrors =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>Creates the exception for an error response.</summary>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="title">The problem's title, or the reason phrase.</param>
    /// <param name="detail">The problem's detail, if any.</param>
    /// <param name="errors">Validation errors by field (the JSON path of the offending value); empty when <see langword="null"/>.</param>
    public FirebreakApiException(
        HttpStatusCode statusCode,
        string title,
        string? detail = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null)
        : base(FormatMessage(statusCode, title, detail, errors ?? NoErrors))
    {
        ArgumentNullException.ThrowIfNull(title);
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors ?? NoErrors;
    }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>A short summary of the problem type (<c>Not Found</c>, <c>One or more validation errors occurred.</c>).</summary>
    public string Title { get; }

    /// <summary>What went wrong with this request, when the server said.</summary>
    public string? Detail { get; }

    /// <summary>Validation errors by field, for <c>400 Bad Request</c>; empty otherwise.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    private static string FormatMessage(
        HttpStatusCode statusCode,
        string title,
        string? detail,
        IReadOnlyDictionary<string, IReadOnlyList<string>> errors)
    {
        var message = new StringBuilder()
            .Append(((int)statusCode).ToString(CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(title);
        if (!string.IsNullOrWhiteSpace(detail))
        {
            message.Append(" — ").Append(detail);
        }

        if (errors.Count > 0)
        {
            message.Append(" (")
                .AppendJoin("; ", errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))
                .Append(')');
        }

        return message.ToString();
    }
}
