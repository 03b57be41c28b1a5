using System.Globalization;
using Firebreak.Auth;
using Firebreak.Console.Tests.Infrastructure;
using Firebreak.Incidents;
using Firebreak.Releases;
using Microsoft.Playwright;
using SupportDesk.Tests.Guard;
using SupportDesk.Tests.Infrastructure;
using SupportDesk.Tests.Releases;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Console.Tests.Console;

/// <summary>
/// The refund storm repaired from the console: the faulty release refunds on every ticket under an incident; the
/// operator reads the blast radius in the incident room, plans, approves and executes the compensation there, watches
/// it complete against the real backend, and rolls the agent back to its last-known-good release from the board.
/// </summary>
public sealed class CompensationConsoleTests
{
    private const int TestTimeoutMs = 240_000;
    private const int Tickets = 12;

    /// <summary>How long a compensation run of a dozen tickets may take to finish on a loaded machine.</summary>
    private const float CompletionWaitMs = 90_000;

    [Fact(Timeout = TestTimeoutMs)]
    public async Task TheOperatorSeesTheBlastRadius_PlansApprovesAndExecutesTheCompensation_AndRollsTheReleaseBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var desk = await GuardedDesk.StartAsync(Tickets, ct);
        var good = await desk.Operator.CreateReleaseAsync(SupportReleases.Good, ct);
        var faulty = await desk.Operator.CreateReleaseAsync(SupportReleases.Faulty, ct);
        await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(good.Id, "e2e: baseline"), TimeSpan.Zero, ct);
        await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(faulty.Id, "e2e: goodwill experiment"), TimeSpan.Zero, ct);
        var declared = await desk.Operator.DeclareIncidentAsync(
            new DeclareIncidentRequest("Goodwill refunds on every ticket", [GuardedDesk.AgentId], FailureClass.ToolMisuse, "dana", "SEV2", DateTimeOffset.UtcNow.AddSeconds(-1)),
            ct);
        var incident = declared.Incident.Id;
        var agent = desk.StartAgent("faulty", Tickets, delayMs: 0, ct);
        Assert.Equal(0, await agent.ExitCodeAsync(ct));
        var harmed = await desk.Backend.CountersAsync(ct);
        Assert.True(harmed.Refunds >= Tickets, $"The faulty release refunded {harmed.Refunds} times on {Tickets} tickets.");

        await using var browser = await ConsoleBrowser.OpenAsync(desk.ServerAddress);
        var page = browser.Page;
        await browser.SignInAsync(await OperatorKeyAsync(desk, ct));
        var card = page.Locator("[data-agent='support']");
        await Expect(card.GetByTestId("active-release-support")).ToHaveTextAsync(Release.Abbreviate(faulty.Id));
        await Expect(card.GetByTestId("good-release-support")).ToHaveTextAsync(Release.Abbreviate(good.Id));
        await Expect(card.GetByTestId("candidate-release-support")).ToHaveTextAsync("none");

        await page.GetByRole(AriaRole.Link, new() { Name = "Incidents" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = incident, Exact = true }).ClickAsync();
        var summary = page.GetByTestId("blast-radius-summary");
        await Expect(summary).ToContainTextAsync($"{Tickets} tickets");
        await Expect(summary).ToContainTextAsync($"USD {harmed.RefundedAmount.ToString("N2", CultureInfo.InvariantCulture)}");
        await Expect(page.GetByTestId("compensation-runs")).ToContainTextAsync("No compensation run for this incident yet.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Plan compensation" }).ClickAsync();
        var run = page.GetByTestId("compensation-runs").Locator("article[data-run]");
        await Expect(run).ToHaveCountAsync(1);
        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("Status planned");
        Assert.Equal(0, (await desk.Backend.CountersAsync(ct)).Reversals);
        var dialog = page.GetByRole(AriaRole.Dialog);
        await run.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve compensation run" }).ClickAsync();
        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("Status approved");
        Assert.Equal(0, (await desk.Backend.CountersAsync(ct)).Reversals);
        await run.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Execute compensation run" }).ClickAsync();
        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("Status completed", new() { Timeout = CompletionWaitMs });
        await Expect(run.GetByTestId("run-progress")).ToContainTextAsync("done · 0 failed");
        await Expect(run.GetByTestId("run-integrity")).ToContainTextAsync($"{harmed.Refunds + harmed.TicketsClosed} of {harmed.Refunds + harmed.TicketsClosed} verified");
        await Expect(page.GetByTestId("mitigations").Locator("tr[data-mitigation]")).ToHaveCountAsync(harmed.EmailsSent);
        var repaired = await desk.Backend.CountersAsync(ct);
        Assert.Equal(harmed.Refunds, repaired.Reversals);
        Assert.Equal(harmed.TicketsClosed, repaired.TicketsReopened);
        await browser.ScreenshotAsync("console-compensation.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Agents" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Roll back support" }).ClickAsync();
        await dialog.GetByLabel("Reason").FillAsync("e2e: the goodwill prompt refunds every ticket");
        await dialog.GetByLabel("Incident", new() { Exact = true }).SelectOptionAsync(incident);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Roll back support" }).ClickAsync();
        await Expect(dialog.GetByTestId("change-done")).ToContainTextAsync($"to {Release.Abbreviate(good.Id)}");
        await Expect(dialog.GetByTestId("confirmations")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(card.GetByTestId("active-release-support")).ToHaveTextAsync(Release.Abbreviate(good.Id));
        var state = await desk.Operator.GetReleaseStateAsync(GuardedDesk.AgentId, ct);
        Assert.Equal(good.Id, state.ActiveReleaseId);
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.PageErrors);
    }

    private static async Task<string> OperatorKeyAsync(GuardedDesk desk, CancellationToken ct) =>
        (await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("console-e2e", ApiKeyRole.Operator), ct)).Key;
}
