using System.Diagnostics;
using System.Text.Json;
using Firebreak.Server.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Firebreak.Server.Tests.Otlp;

/// <summary>
/// Ingested actions reach the detectors as SDK-recorded ones do. A server of its own: the alert's playbook changes
/// controls, which would move the ledger under the tests that check an export wrote nothing.
/// </summary>
public sealed class OtlpDetectionTests(SqliteOtlpIngestTests.Server fixture) : IClassFixture<SqliteOtlpIngestTests.Server>
{
    [Fact]
    public async Task FailedToolSpans_FireTheToolErrorRateDetector_LikeSdkRecordedActions()
    {
        using var source = new ActivitySource($"Firebreak.Tests.Agent.{Guid.NewGuid():N}");
        using (var provider = OtlpSdk.TracerProvider(fixture.TracesEndpoint, source, ExportProcessorType.Batch, $"x-firebreak-key={fixture.SupportKey}"))
        {
            for (var i = 0; i < 6; i++)
            {
                using var run = source.StartActivity("invoke_agent support")!;
                run.SetTag("gen_ai.operation.name", "invoke_agent");
                run.SetTag("gen_ai.agent.name", "support");
                using var tool = source.StartActivity("execute_tool issue_refund")!;
                tool.SetTag("gen_ai.operation.name", "execute_tool");
                tool.SetTag("gen_ai.tool.name", "issue_refund");
                tool.SetTag("gen_ai.tool.call.arguments", $$"""{"orderId":"o-{{i}}","amount":10}""");
                tool.SetStatus(ActivityStatusCode.Error, "payment provider timeout");
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var deadline = Stopwatch.StartNew();
        JsonElement? alert = null;
        while (alert is null && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var (_, alerts) = await HttpJson.GetAsync(fixture.Operator, "/api/v1/alerts?agent=support");
            alert = alerts.EnumerateArray().Where(a => a.GetProperty("detector").GetString() == "refund-errors").Select(a => (JsonElement?)a).FirstOrDefault();
            if (alert is null)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }

        Assert.NotNull(alert);
    }
}
