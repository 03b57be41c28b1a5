using System.Net;
using System.Net.Http.Headers;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Auth;

/// <summary>Which requests the failed-authentication limit counts and refuses, in process.</summary>
public sealed class AuthFailureLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnlyRequestsWithAFailingKey_AreCounted_AndAValidKeyPassesWhileTheAddressIsRefused()
    {
        await using var app = new FirebreakApp();
        await using var host = app.WithWebHostBuilder(web => web.UseSetting("Firebreak:Auth:FailureLimit", "2"));
        using var valid = host.CreateClient();
        valid.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FirebreakApp.OperatorKey);
        using var anonymous = host.CreateClient();
        using var guessing = host.CreateClient();
        guessing.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "fbk_guessed");
        using var guessingByHeader = host.CreateClient();
        guessingByHeader.DefaultRequestHeaders.Add("X-Api-Key", "fbk_guessed_too");

        var noKey = await StatusesAsync(anonymous, 5);
        var validBefore = await StatusesAsync(valid, 5);
        var failures = await StatusesAsync(guessing, 3);
        var byHeader = await StatusesAsync(guessingByHeader, 1);
        var validAfter = await StatusesAsync(valid, 5);
        using var refused = await guessing.GetAsync(new Uri("/api/v1/agents", UriKind.Relative), Ct);

        Assert.All(noKey, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(validBefore, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], failures);
        Assert.Equal([HttpStatusCode.TooManyRequests], byHeader);
        Assert.All(validAfter, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient client, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(new Uri("/api/v1/agents", UriKind.Relative), Ct);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
