using System.Text.Json;
using Firebreak.Approvals;
using Firebreak.Auth;
using Firebreak.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using SupportDesk.Tests.Guard;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Console.Tests.Console;

/// <summary>A viewer key reads everything the console shows and is offered no control at all (the API refuses it anyway).</summary>
public sealed class ViewerConsoleTests
{
    [Fact(Timeout = 240_000)]
    public async Task AViewer_SeesAgentsAndPendingApprovals_ButNoControlButtons()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var desk = await GuardedDesk.StartAsync(1, ct);
        await desk.Operator.CreateApprovalAsync(
            new ApprovalRequest(GuardedDesk.AgentId, "issue_refund", JsonSerializer.SerializeToElement(new { orderId = "o-1", amount = 40, currency = "USD" }), "viewer-e2e-1", 0, Amount: 40, Currency: "USD"),
            ct);
        var viewerKey = await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("console-viewer", ApiKeyRole.Viewer), ct);
        await using var browser = await ConsoleBrowser.OpenAsync(desk.ServerAddress);
        var page = browser.Page;

        await browser.SignInAsync("fbk_not_a_key");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not know this key");
        await browser.SignInAsync(viewerKey.Key);

        await Expect(page.GetByTestId("role")).ToHaveTextAsync("viewer (read only)");
        var card = page.Locator("[data-agent='support']");
        await Expect(card.Locator("tr[data-tool]")).ToHaveCountAsync(4);
        await Expect(card.Locator("header [data-mode]")).ToHaveTextAsync("normal");
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Approvals & held" }).ClickAsync();
        var pending = page.GetByTestId("pending-approvals").Locator("tr[data-approval]");
        await Expect(pending).ToContainTextAsync("issue_refund");
        await Expect(pending.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Incidents" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All incidents" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Declare incident" })).ToHaveCountAsync(0);
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.PageErrors);
    }
}
