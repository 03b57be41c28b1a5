using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Client;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Registry;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// A registry edit is a control change, against a real server process and a real connected <see cref="AgentGuard"/>:
/// the PUT takes an epoch, the guard confirms it within the wait, and the guard's next decision already follows the
/// new definition, with no other control change to carry it. A frozen agent's edit changes nothing.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class RegistryEditTests
{
    private const string OperatorKey = "fbk_registry_edit_operator_key";
    private const string AgentId = "billing";

    private static readonly AgentDefinition Billing = new(
        AgentId,
        "billing-team",
        "Refunds and account exports",
        [new ToolDefinition("export_accounts", RiskClass.Read), new ToolDefinition("issue_refund", RiskClass.Financial)]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARegistryEdit_ReachesAConnectedSdkGuard_WithinOneConfirmation()
    {
        using var directory = new TempDirectory("supportdesk-tests");
        await using var server = await ServerAsync(directory);
        using var operatorClient = FirebreakClient.Create(server.Address, OperatorKey);
        await operatorClient.PutAgentAsync(Billing, Ct);
        await using var guard = await StartGuardAsync(operatorClient, server.Address);
        var before = guard.Decide("export_accounts");

        var rule = new ArgumentRuleDefinition("issue_refund", "amount <= 50", GuardrailAction.Block, "refund-cap");
        var edited = Billing with
        {
            Tools = [new ToolDefinition("export_accounts", RiskClass.Write), new ToolDefinition("issue_refund", RiskClass.Financial)],
            Guardrails = new GuardrailPolicy(Rules: [rule]),
        };
        var registration = await operatorClient.RegisterAgentAsync(edited, TimeSpan.FromSeconds(10), Ct);
        var after = guard.Decide("export_accounts");
        var blocked = await Assert.ThrowsAsync<ToolBlockedException>(() => RefundAsync(guard, "refund-after", 80m));

        Assert.Equal(RiskClass.Read, before.Risk);
        Assert.Equal(RiskClass.Write, registration.Agent.FindTool("export_accounts")!.Risk);
        var change = registration.Control!;
        Assert.Equal(AgentId, change.Change.Registry!.AgentId);
        Assert.Contains(change.Confirmations, c => c.PointId == guard.PointId && c.Confirmed && c.AppliedEpoch >= change.Epoch);
        Assert.Equal(0, change.Unconfirmed);
        Assert.Equal(change.Epoch, guard.Epoch);
        Assert.Equal(RiskClass.Write, after.Risk);
        Assert.Contains("refund-cap", blocked.Message, StringComparison.Ordinal);
        var history = await operatorClient.ListControlChangesAsync(AgentId, cancellationToken: Ct);
        var recorded = Assert.Single(history, c => c.Epoch == change.Epoch);
        Assert.Equal(change.Change.Registry, recorded.Change.Registry);
        Assert.Equal("bootstrap", recorded.Change.Actor);
    }

    [Fact]
    public async Task AFrozenAgentsEdit_IsRefused_AndNeitherTheDefinitionNorTheEpochChanges()
    {
        using var directory = new TempDirectory("supportdesk-tests");
        await using var server = await ServerAsync(directory);
        using var operatorClient = FirebreakClient.Create(server.Address, OperatorKey);
        await operatorClient.PutAgentAsync(Billing, Ct);
        var freeze = await operatorClient.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "incident in progress", AgentId: AgentId, Freeze: true), TimeSpan.Zero, Ct);

        var refused = await Assert.ThrowsAsync<FirebreakApiException>(
            () => operatorClient.RegisterAgentAsync(Billing with { Tools = [new ToolDefinition("export_accounts", RiskClass.Write)] }, TimeSpan.Zero, Ct));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(Billing.Tools, (await operatorClient.GetAgentAsync(AgentId, Ct)).Tools);
        var history = await operatorClient.ListControlChangesAsync(AgentId, cancellationToken: Ct);
        Assert.Equal(freeze.Epoch, history[0].Epoch);
        Assert.Equal(freeze.Epoch, (await operatorClient.GetControlSnapshotAsync(cancellationToken: Ct)).Epoch);
    }

    private static async Task<ServiceProcess> ServerAsync(TempDirectory directory) =>
        await ServiceProcess.StartServerAsync(
            new Dictionary<string, string>
            {
                ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                ["Firebreak:Storage:Provider"] = "sqlite",
                ["Firebreak:Storage:ConnectionString"] = directory.File("firebreak.db"),
            },
            Ct);

    private static async Task<AgentGuard> StartGuardAsync(FirebreakClient operatorClient, Uri server)
    {
        var key = await operatorClient.CreateApiKeyAsync(new CreateApiKeyRequest("billing-guard", ApiKeyRole.Agent, AgentId), Ct);
        return await AgentGuard.StartAsync(new AgentGuardOptions { ServerUrl = server, ApiKey = key.Key, AgentId = AgentId, PointId = "billing-1" }, Ct);
    }

    private static Task<GuardedResult<string>> RefundAsync(AgentGuard guard, string key, decimal amount) =>
        guard.ExecuteAsync(
            new ToolCall("issue_refund", JsonSerializer.SerializeToElement(new { customer = "47", amount }), key),
            _ => Task.FromResult("refunded"),
            Ct);
}
