using System.Net;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Firebreak.Server.Tests.WebConsole;

/// <summary>
/// The console's files are public and carry no data; everything they show comes from the API with the signed-in key.
/// They are served from the server assembly under a policy that lets the page load nothing from elsewhere.
/// </summary>
public sealed class WebConsoleAssetsTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheConsole_IsServedWithoutAKey_FromTheServerItself()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var bare = await client.GetAsync(new Uri("/console", UriKind.Relative), Ct);
        using var page = await client.GetAsync(new Uri("/console/", UriKind.Relative), Ct);
        using var script = await client.GetAsync(new Uri("/console/app.js", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("/console/", bare.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheRoot_LeadsToTheConsole_WithoutAKey()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var following = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

        using var root = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        using var page = await following.GetAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/console/", root.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ConsoleFiles_MayLoadNothingFromAnotherOrigin()
    {
        using var client = app.Anonymous();

        using var page = await client.GetAsync(new Uri("/console/", UriKind.Relative), Ct);

        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task AnUnknownConsoleFile_IsNotFound_AndTheApiStillNeedsAKey()
    {
        using var client = app.Anonymous();

        using var missing = await client.GetAsync(new Uri("/console/missing.js", UriKind.Relative), Ct);
        using var api = await client.GetAsync(new Uri("/api/v1/agents", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
