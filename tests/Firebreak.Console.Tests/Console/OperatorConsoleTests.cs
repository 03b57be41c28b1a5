using System.Text.RegularExpressions;
using Firebreak.Auth;
using Firebreak.Console.Tests.Infrastructure;
using Firebreak.Held;
using Firebreak.Incidents;
using Microsoft.Playwright;
using SupportDesk.Tests.Guard;
using SupportDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Console.Tests.Console;

/// <summary>
/// An operator at the console, against the demo as it runs: a real Firebreak server and SupportDesk backend as
/// processes, and the support agent working the queue under its guard.
/// </summary>
public sealed class OperatorConsoleTests
{
    private const int TestTimeoutMs = 240_000;

    [Fact(Timeout = TestTimeoutMs)]
    public async Task KillingTheAgentFromTheBoard_ShowsItsPointConfirmed_StopsTheBackend_AndLandsOnTheIncidentTimeline()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var desk = await GuardedDesk.StartAsync(200, ct);
        var incident = await desk.Operator.DeclareIncidentAsync(
            new DeclareIncidentRequest("Support agent closes tickets it should not", [GuardedDesk.AgentId], FailureClass.ToolMisuse, "alex", "SEV2"), ct);
        var agent = desk.StartAgent("normal", tickets: 200, delayMs: 100, ct);
        await desk.WaitForCountersAsync(c => c.TicketsClosed >= 3, agent, ct);
        var pointId = GuardedDesk.PointIdOf(agent);
        await using var browser = await ConsoleBrowser.OpenAsync(desk.ServerAddress);
        var page = browser.Page;

        await browser.SignInAsync(await OperatorKeyAsync(desk, ct));
        var card = page.Locator("[data-agent='support']");
        await Expect(card.Locator($"tr[data-point='{pointId}']")).ToContainTextAsync("confirmed");
        await Expect(card.GetByTestId("rate-support")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));
        await card.GetByRole(AriaRole.Button, new() { Name = "Kill agent support" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync("e2e: the support agent closes tickets it should not");
        await dialog.GetByLabel("Incident", new() { Exact = true }).SelectOptionAsync(incident.Incident.Id);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Kill agent support" }).ClickAsync();
        var confirmation = dialog.GetByTestId("confirmations").Locator($"tr[data-point='{pointId}']");
        await Expect(confirmation).ToContainTextAsync("confirmed");
        await Expect(confirmation).Not.ToContainTextAsync("NOT confirmed");

        var atKill = await desk.Backend.CountersAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.Equal(atKill, await desk.Backend.CountersAsync(ct));
        Assert.True(atKill.TicketsClosed < 200, $"The agent handled every ticket before the kill: {atKill}");
        Assert.Equal(0, await agent.ExitCodeAsync(ct));

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(card.Locator("header [data-mode]")).ToHaveTextAsync("killed");
        await Expect(card.Locator("tr[data-tool='issue_refund'] [data-mode]")).ToHaveTextAsync("killed");
        await browser.ScreenshotAsync("console-board.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Incidents" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = incident.Incident.Id, Exact = true }).ClickAsync();
        var timeline = page.GetByTestId("incident-timeline");
        // The kill commits with its own entry; its point's confirmation follows as a second one.
        var control = timeline.Locator("li[data-kind='control']");
        await Expect(control.Filter(new() { HasText = "killed" })).ToHaveCountAsync(1);
        await Expect(control.Filter(new() { HasText = "enforcement points confirmed" })).ToContainTextAsync("1 of 1");
        await Expect(page.GetByTestId("severity")).ToHaveTextAsync("Severity SEV2");
        await Expect(page.GetByTestId("commander")).ToHaveTextAsync("alex");
        await Expect(page.GetByTestId("postmortem")).ToContainTextAsync(incident.Incident.Id);
        // The similar cases of the incident's runs load (how many depends on how far the agent got before the kill).
        await Expect(page.GetByTestId("similar-cases")).ToContainTextAsync(new Regex("same signature|No similar run"));
        await page.GetByLabel("Impact").FillAsync("Tickets closed without an answer since 15:00");
        await page.GetByLabel("Current action").FillAsync("The support agent is killed; tickets go to humans");
        await page.GetByRole(AriaRole.Button, new() { Name = "Render and send" }).ClickAsync();
        await Expect(page.Locator("article[data-channel='internal']")).ToContainTextAsync("Tickets closed without an answer since 15:00");
        await Expect(timeline.Locator("li[data-kind='communication']")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("console-incident-room.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboards" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Actions of support by outcome" })).ToBeVisibleAsync();
        await Expect(page.Locator(".legend")).ToContainTextAsync("executed");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Incidents per failure class" })).ToContainTextAsync("tool-misuse");
        await browser.ScreenshotAsync("console-dashboard.png");
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.PageErrors);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task ApprovalModeOnRefunds_HoldsTheRefundUntilTheOperatorApprovesIt_ThenItRunsOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var desk = await GuardedDesk.StartAsync(1, ct);
        await using var browser = await ConsoleBrowser.OpenAsync(desk.ServerAddress);
        var page = browser.Page;
        await browser.SignInAsync(await OperatorKeyAsync(desk, ct));
        var refundRow = page.Locator("[data-agent='support'] tr[data-tool='issue_refund']");
        await refundRow.GetByRole(AriaRole.Button, new() { Name = "Require approval issue_refund" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync("e2e: a human checks every refund");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Require approval support/issue_refund" }).ClickAsync();
        await Expect(dialog.GetByTestId("change-done")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(refundRow.Locator("[data-mode]")).ToHaveTextAsync("approval required");

        var agent = desk.StartAgent("faulty", tickets: 1, delayMs: 0, ct);
        await page.GetByRole(AriaRole.Link, new() { Name = "Approvals & held" }).ClickAsync();
        var pending = page.GetByTestId("pending-approvals").Locator("tr[data-approval]");
        await Expect(pending).ToHaveCountAsync(1);
        await Expect(pending).ToContainTextAsync("issue_refund");
        await Expect(pending).ToContainTextAsync("\"amount\": 40");
        Assert.Equal(0, (await desk.Backend.CountersAsync(ct)).Refunds);

        await pending.GetByRole(AriaRole.Button, new() { Name = "Approve issue_refund" }).ClickAsync();
        await dialog.GetByLabel("Reason").FillAsync("e2e: the customer is owed this one");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve issue_refund" }).ClickAsync();

        var counters = await desk.WaitForCountersAsync(c => c.Refunds >= 1, agent, ct);
        Assert.Equal(0, await agent.ExitCodeAsync(ct));
        Assert.Equal(1, (await desk.Backend.CountersAsync(ct)).Refunds);
        Assert.Equal(40m, counters.RefundedAmount);
        await Expect(pending).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Table).Filter(new() { HasText = "e2e: the customer is owed this one" })).ToContainTextAsync("approved");
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.PageErrors);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task PausingTheAgentFromTheBoard_HoldsItsNewTickets_ForTheOperatorToReleaseOrDiscard()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var desk = await GuardedDesk.StartAsync(2, ct);
        await using var browser = await ConsoleBrowser.OpenAsync(desk.ServerAddress);
        var page = browser.Page;
        await browser.SignInAsync(await OperatorKeyAsync(desk, ct));
        var card = page.Locator("[data-agent='support']");
        await card.GetByRole(AriaRole.Button, new() { Name = "Pause (drain) support" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync("e2e: hold new tickets while we look");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Pause (drain) support" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(card.Locator("header [data-mode]")).ToHaveTextAsync("paused (draining)");

        var agent = desk.StartAgent("faulty", tickets: 2, delayMs: 0, ct);
        Assert.Equal(0, await agent.ExitCodeAsync(ct));
        Assert.Equal(0, (await desk.Backend.CountersAsync(ct)).TicketsClosed);
        await page.GetByRole(AriaRole.Link, new() { Name = "Approvals & held" }).ClickAsync();
        var held = page.GetByTestId("held-items").Locator("tr[data-held]");
        await Expect(held).ToHaveCountAsync(2);

        var released = await held.First.GetAttributeAsync("data-held");
        await held.First.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Release held input" }).ClickAsync();
        await Expect(held).ToHaveCountAsync(1);
        var discarded = await held.First.GetAttributeAsync("data-held");
        await held.First.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Discard held input" }).ClickAsync();
        await Expect(held).ToHaveCountAsync(0);

        var items = await desk.Operator.ListHeldAsync(cancellationToken: ct);
        Assert.Equal(HeldItemStatus.Released, Assert.Single(items, i => i.Id == released).Status);
        Assert.Equal(HeldItemStatus.Discarded, Assert.Single(items, i => i.Id == discarded).Status);
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.PageErrors);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task TheTraceOfARun_ReadsAsATimelineOfItsSteps_WithTheHashChainVerified()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var desk = await GuardedDesk.StartAsync(2, ct);
        var agent = desk.StartAgent("faulty", tickets: 2, delayMs: 0, ct);
        Assert.Equal(0, await agent.ExitCodeAsync(ct));
        var runs = await desk.Operator.ListRunsAsync(GuardedDesk.AgentId, cancellationToken: ct);
        var run = runs[^1];
        await using var browser = await ConsoleBrowser.OpenAsync(desk.ServerAddress);
        var page = browser.Page;

        await browser.SignInAsync(await OperatorKeyAsync(desk, ct));
        await page.GetByRole(AriaRole.Link, new() { Name = "Traces" }).ClickAsync();
        await page.GetByTestId("recent-runs").GetByRole(AriaRole.Link, new() { Name = run.Id, Exact = true }).ClickAsync();
        var trace = page.Locator($"section[data-run='{run.Id}']");
        await Expect(trace.GetByTestId("chain")).ToContainTextAsync("Hash chain verified");
        await Expect(trace.GetByTestId("run-status")).ToHaveTextAsync("completed");
        var steps = trace.GetByTestId("trace-timeline").Locator(":scope > li");
        await Expect(steps.First).ToHaveAttributeAsync("data-kind", "run_started");
        await Expect(steps.Last).ToHaveAttributeAsync("data-kind", "run_ended");
        await Expect(trace.Locator("li[data-kind='action']").Filter(new() { HasText = "issue_refund" }).First).ToContainTextAsync("40.00 USD");
        await browser.ScreenshotAsync("console-trace.png");

        await page.GetByLabel("Search by").SelectOptionAsync("correlation");
        await page.GetByLabel("Value").FillAsync(run.CorrelationId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.Locator($"section[data-run='{run.Id}']").GetByTestId("trace-timeline")).ToBeVisibleAsync();

        await page.GetByLabel("Search by").SelectOptionAsync("entity");
        await page.GetByLabel("Value").FillAsync("customer:c-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Actions naming customer:c-1" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "issue_refund" })).ToHaveCountAsync(1);
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.PageErrors);
    }

    private static async Task<string> OperatorKeyAsync(GuardedDesk desk, CancellationToken ct) =>
        (await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("console-e2e", ApiKeyRole.Operator), ct)).Key;
}
