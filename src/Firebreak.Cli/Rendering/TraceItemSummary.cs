using System.Text;
using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Cli.Rendering;

/// <summary>
/// One plain-text line per decision-trace item: tool, outcome and amount for actions; step kind, name and data for
/// steps. Reads payloads leniently, so an item written by a newer server still gets a line.
/// </summary>
internal static class TraceItemSummary
{
    public const int MaxJsonLength = 80;

    /// <summary>Describes <paramref name="item"/>; <paramref name="toolsByKey"/> names the tool of an <c>action_completed</c>.</summary>
    public static string Describe(TraceItem item, IReadOnlyDictionary<string, string> toolsByKey)
    {
        var payload = item.Payload;
        if (payload.ValueKind is not JsonValueKind.Object)
        {
            return Display.Json(payload, MaxJsonLength);
        }

        return item.Kind switch
        {
            LedgerEntryKinds.RunStarted => RunStarted(payload),
            LedgerEntryKinds.Step => Step(payload),
            LedgerEntryKinds.Action => Action(payload),
            LedgerEntryKinds.ActionCompleted => ActionCompleted(payload, toolsByKey),
            LedgerEntryKinds.RunEnded => RunEnded(payload),
            LedgerEntryKinds.ToxicMark => ToxicMark(payload),
            _ => Display.Json(payload, MaxJsonLength),
        };
    }

    /// <summary>The tool of each action in the traces, by idempotency key.</summary>
    public static Dictionary<string, string> ToolsByKey(IEnumerable<TraceItem> items)
    {
        var tools = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items.Where(i => i.Kind == LedgerEntryKinds.Action && i.Payload.ValueKind is JsonValueKind.Object))
        {
            if (String(item.Payload, "idempotencyKey") is { } key && String(item.Payload, "tool") is { } tool)
            {
                tools[key] = tool;
            }
        }

        return tools;
    }

    private static string RunStarted(JsonElement payload)
    {
        var text = new StringBuilder("agent ").Append(String(payload, "agentId") ?? "?");
        if (payload.TryGetProperty("release", out var release) && release.ValueKind is JsonValueKind.Object && String(release, "releaseId") is { } releaseId)
        {
            text.Append(", release ").Append(releaseId);
        }

        AppendJson(text, "input", payload);
        return text.ToString();
    }

    private static string Step(JsonElement payload)
    {
        var text = new StringBuilder(String(payload, "kind") ?? "step");
        if (String(payload, "name") is { } name)
        {
            text.Append(' ').Append(name);
        }

        AppendJson(text, "data", payload);
        if (payload.TryGetProperty("sourceIds", out var sources) && sources.ValueKind is JsonValueKind.Array && sources.GetArrayLength() > 0)
        {
            text.Append(", sources ").Append(Display.Truncate(string.Join(", ", sources.EnumerateArray().Select(s => s.ToString())), MaxJsonLength));
        }

        return text.ToString();
    }

    private static string Action(JsonElement payload)
    {
        var text = new StringBuilder(String(payload, "tool") ?? "?")
            .Append(" → ")
            .Append(String(payload, "outcome") ?? "?");
        if (payload.TryGetProperty("amount", out var amount) && amount.TryGetDecimal(out var value))
        {
            text.Append(", ").Append(Display.Amount(value, String(payload, "currency")));
        }

        if (payload.TryGetProperty("entities", out var entities) && entities.ValueKind is JsonValueKind.Array && entities.GetArrayLength() > 0)
        {
            text.Append(", ").Append(Display.Truncate(string.Join(' ', entities.EnumerateArray().Select(e => e.ToString())), MaxJsonLength));
        }

        AppendJson(text, "args", payload, "arguments");
        if (String(payload, "idempotencyKey") is { } key)
        {
            text.Append(", key ").Append(key);
        }

        return text.ToString();
    }

    private static string ActionCompleted(JsonElement payload, IReadOnlyDictionary<string, string> toolsByKey)
    {
        var key = String(payload, "idempotencyKey");
        var subject = key is not null && toolsByKey.TryGetValue(key, out var tool) ? tool : key ?? "?";
        var text = new StringBuilder(subject).Append(" → ").Append(String(payload, "outcome") ?? "?");
        if (String(payload, "error") is { } error)
        {
            text.Append(", error: ").Append(Display.Truncate(error, MaxJsonLength));
        }

        AppendJson(text, "result", payload);
        return text.ToString();
    }

    private static string RunEnded(JsonElement payload)
    {
        var text = new StringBuilder(String(payload, "status") ?? "?");
        AppendJson(text, "output", payload);
        return text.ToString();
    }

    private static string ToxicMark(JsonElement payload)
    {
        var text = new StringBuilder("toxic: ").Append(String(payload, "reason") ?? "?").Append(", by ").Append(String(payload, "markedBy") ?? "?");
        if (String(payload, "incidentId") is { } incident)
        {
            text.Append(", incident ").Append(incident);
        }

        return text.ToString();
    }

    private static void AppendJson(StringBuilder text, string label, JsonElement payload, string? member = null)
    {
        if (payload.TryGetProperty(member ?? label, out var value) && value.ValueKind is not JsonValueKind.Null)
        {
            text.Append(", ").Append(label).Append(' ').Append(Display.Json(value, MaxJsonLength));
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String ? value.GetString() : null;
}
