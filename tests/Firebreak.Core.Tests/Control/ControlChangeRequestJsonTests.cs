using System.Text.Json;
using Firebreak.Control;
using Firebreak.Registry;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlChangeRequestJsonTests
{
    [Fact]
    public void Json_ReadsARiskTargetedKill()
    {
        const string json = """
            {"target":"risk","agentId":"support","risk":["write","financial"],"mode":"killed",
             "reason":"wrong refunds","incidentId":"INC-7","for":"01:30:00"}
            """;

        var request = JsonSerializer.Deserialize<ControlChangeRequest>(json, FirebreakJson.Options)!;

        Assert.Equal(ControlTarget.Risk, request.Target);
        Assert.Equal([RiskClass.Write, RiskClass.Financial], request.Risk);
        Assert.Equal(ControlMode.Killed, request.Mode);
        Assert.Equal(TimeSpan.FromMinutes(90), request.For);
        Assert.True(ControlChangeValidator.Validate(request).IsValid);
    }

    [Fact]
    public void Json_WithoutATarget_IsRefused_SoAForgottenAgentNeverMeansGlobal() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ControlChangeRequest>(
            """{"mode":"killed","reason":"wrong refunds"}""", FirebreakJson.Options));

    [Fact]
    public void Json_WritesSnakeCaseTargetsAndModes()
    {
        var json = JsonSerializer.Serialize(
            new ControlChangeRequest(ControlTarget.Tools, "r", ControlMode.Approval, "support", Tools: ["issue_refund"]),
            FirebreakJson.Options);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("tools", root.GetProperty("target").GetString());
        Assert.Equal("approval", root.GetProperty("mode").GetString());
        Assert.Equal("support", root.GetProperty("agentId").GetString());
        Assert.Equal("issue_refund", root.GetProperty("tools")[0].GetString());
    }
}
