using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Firebreak.Server.Http;

/// <summary>
/// Turns request-binding failures (malformed JSON, wrong types, unknown fields, oversized bodies) into problem
/// details that say what was wrong and where, instead of a bare status code.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var detail = badRequest.InnerException is JsonException json
            ? $"The body is not valid JSON for this endpoint: {json.Message}"
            : badRequest.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request is not valid.",
                Detail = detail,
            },
            Exception = exception,
        });
    }
}
