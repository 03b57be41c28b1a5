using System.Buffers;
using System.Globalization;

namespace Firebreak.Server.Http;

/// <summary>
/// Refuses a path that holds a control character (U+0001 to U+001F, U+007F, raw or percent-encoded) with a 400 problem,
/// before any endpoint reads it: no agent id, point id or route value has one, and echoed into a detail or a log line it
/// only serves to forge or hide text. Kestrel itself refuses a NUL (raw or <c>%00</c>) before the application runs; see
/// <see cref="RejectedRequestProblemConnection"/> for how that refusal still answers problem details.
/// </summary>
internal sealed class ControlCharacterPathMiddleware(RequestDelegate next)
{
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        Enumerable.Range(0, 0x20).Select(c => (char)c).Append('\u007f').ToArray());

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.PathBase.Value + context.Request.Path.Value;
        var at = path.AsSpan().IndexOfAny(ControlCharacters);
        if (at >= 0)
        {
            throw new BadHttpRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The request path contains the control character U+{(int)path[at]:X4}, which no Firebreak path has."),
                StatusCodes.Status400BadRequest);
        }

        return next(context);
    }
}
