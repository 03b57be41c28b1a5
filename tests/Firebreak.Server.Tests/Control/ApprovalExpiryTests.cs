using Firebreak.Control;
using Firebreak.Server.Control;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Server.Tests.Control;

/// <summary>Expiries on a server whose clock the test moves.</summary>
public sealed class ApprovalExpiryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly FirebreakApp _app = new();
    private WebApplicationFactory<Program>? _server;

    private WebApplicationFactory<Program> Server => _server ?? throw new InvalidOperationException("Not initialized.");

    public ValueTask InitializeAsync()
    {
        _server = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_time)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnUndecidedApproval_ExpiresAfterTheApprovalTimeout_AndCannotBeApprovedThen()
    {
        using var client = Client();
        var id = (await ApprovalsTests.RequestAsync(client, "expiring-1", 40)).Body.GetProperty("id").GetString();

        _time.Advance(TimeSpan.FromSeconds(46));
        var (_, expired) = await HttpJson.GetAsync(client, $"/api/v1/approvals/{id}");
        var (approve, _) = await HttpJson.PostAsync(client, $"/api/v1/approvals/{id}/approve", "{}");
        var (_, listed) = await HttpJson.GetAsync(client, "/api/v1/approvals?status=expired");

        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal(System.Net.HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task ShadowForThirtyMinutes_AppliesUntilThen_AndIsNormalAfter()
    {
        using var client = Client();
        await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"support","mode":"shadow","reason":"watch it","for":"00:30:00"}""");
        var plane = Server.Services.GetRequiredService<ControlPlane>();

        var during = plane.Current.EffectiveMode("support", "issue_refund", _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(30));
        var after = plane.Current.EffectiveMode("support", "issue_refund", _time.GetUtcNow());
        await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0", """{"target":"global","mode":"normal","reason":"tidy"}""");

        Assert.Equal(ControlMode.Shadow, during.Mode);
        Assert.Equal(ControlMode.Normal, after.Mode);
        Assert.Null(plane.Current.Find("agent:support"));
    }

    private HttpClient Client()
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FirebreakApp.OperatorKey);
        return client;
    }
}
