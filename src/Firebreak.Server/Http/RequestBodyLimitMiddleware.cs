using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Http;

/// <summary>
/// Refuses bodies over <see cref="FirebreakOptions.MaxRequestBodyBytes"/> with 413: at once when Content-Length
/// says so, and while reading (through the server's body-size feature) when the body is chunked.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<FirebreakOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException(
                $"The request body is {context.Request.ContentLength} bytes; the limit is {limit} bytes.",
                StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
