using System.Globalization;

namespace Firebreak.Server.Auth;

/// <summary>
/// Answers <c>429</c> with <c>Retry-After</c> to a request whose key failed authentication once its address has failed
/// <see cref="AuthOptions.FailureLimit"/> times in the window, so keys cannot be guessed at network speed.
/// </summary>
/// <remarks>
/// Placed right after authentication, it counts only requests that presented a key and were not authenticated; a
/// request with a valid key passes without touching the count, even from an address that is being refused, so an
/// attacker sharing a NAT or proxy with agents cannot lock them out. Requests without any key are left to the 401 of
/// the endpoint: they test nothing.
/// </remarks>
internal sealed partial class AuthFailureLimitMiddleware(RequestDelegate next, AuthFailureLimiter limiter, ILogger<AuthFailureLimitMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true || ApiKeyAuthenticationHandler.ReadKey(context.Request) is null)
        {
            return next(context);
        }

        var address = context.Connection.RemoteIpAddress;
        if (limiter.Fail(address) is not { } retryAfter)
        {
            return next(context);
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        LogThrottled(logger, address, seconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
                type: "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many failed authentications",
                detail: $"This address sent too many unknown or revoked API keys; try again in {seconds} s.")
            .ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a request with an unknown or revoked key from {Address}: too many failed authentications, retry after {Seconds} s")]
    private static partial void LogThrottled(ILogger logger, System.Net.IPAddress? address, int seconds);
}
