using System.Net;
using Firebreak.Auth;
using Firebreak.Client;
using Firebreak.Console.Tests.Infrastructure;
using Firebreak.Control;
using Microsoft.Playwright;
using SupportDesk.Tests.Guard;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Console.Tests.Console;

/// <summary>An agent key that tries to lift its own kill shows on the agent's page, with the key that tried.</summary>
public sealed class RefusedAttemptsConsoleTests
{
    [Fact(Timeout = 240_000)]
    public async Task AnAgentKeyTryingToLiftItsOwnKill_ShowsUnderRefusedAttemptsOnTheAgentsPage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var desk = await GuardedDesk.StartAsync(1, ct);
        await desk.Operator.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "refund storm", ControlMode.Killed, GuardedDesk.AgentId), TimeSpan.Zero, ct);
        var agentKey = await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("escaping-support", ApiKeyRole.Agent, GuardedDesk.AgentId), ct);
        using var agent = FirebreakClient.Create(desk.ServerAddress, agentKey.Key);
        var refused = await Assert.ThrowsAsync<FirebreakApiException>(() =>
            agent.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "I feel better", ControlMode.Normal, GuardedDesk.AgentId), TimeSpan.Zero, ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var viewerKey = await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("console-viewer", ApiKeyRole.Viewer), ct);
        await using var browser = await ConsoleBrowser.OpenAsync(desk.ServerAddress);
        var page = browser.Page;

        await browser.SignInAsync(viewerKey.Key);
        await Expect(page.GetByTestId("role")).ToHaveTextAsync("viewer (read only)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboards" }).ClickAsync();
        await page.Locator("#dashboard-agent").SelectOptionAsync(GuardedDesk.AgentId);

        var refusals = page.GetByTestId("refused-attempts");
        await Expect(refusals.GetByRole(AriaRole.Heading, new() { Name = "Refused attempts" })).ToBeVisibleAsync();
        await Expect(refusals.Locator("tr[data-refusal]")).ToHaveCountAsync(1);
        await Expect(refusals.Locator("tr[data-refusal='/api/v1/control/changes']")).ToContainTextAsync("POST /api/v1/control/changes");
        await Expect(refusals).ToContainTextAsync($"escaping-support ({agentKey.Id})");
        await Expect(refusals).ToContainTextAsync("1 request of this agent's keys refused");
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.PageErrors);
    }
}
