using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>Test data shaped like the SupportDesk sample.</summary>
internal static class Samples
{
    public static readonly AgentDefinition Support = new(
        "support",
        "support-platform",
        "Customer-support agent",
        [
            new ToolDefinition("lookup_order", RiskClass.Read),
            new ToolDefinition("issue_refund", RiskClass.Financial),
            new ToolDefinition("send_email", RiskClass.Message),
            new ToolDefinition("close_ticket", RiskClass.Write),
        ]);

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static RecordActionRequest Refund(string key, decimal amount = 40m, string? runId = null, string order = "o-1", int customer = 47) => new(
        "support",
        key,
        "issue_refund",
        Json($$"""{"orderId":"{{order}}","amount":{{amount}},"currency":"USD"}"""),
        ActionOutcome.Executed,
        RunId: runId,
        Entities: [$"customer:{customer}", $"order:{order}"],
        Amount: amount,
        Currency: "USD");
}
