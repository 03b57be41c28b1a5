using System.Globalization;
using System.Text;
using Firebreak.Ledger;

namespace Firebreak.Compensation;

/// <summary>The CSV export of a blast radius: one line per action, RFC 4180 quoting, amounts exact.</summary>
internal static class BlastRadiusCsv
{
    public const string Header =
        "seq,recorded_at,agent_id,run_id,correlation_id,release_id,tool,outcome,idempotency_key,amount,currency,entities";

    public static string Row(ActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var fields = new[]
        {
            action.Seq.ToString(CultureInfo.InvariantCulture),
            action.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            action.AgentId,
            action.RunId,
            action.CorrelationId,
            action.ReleaseId,
            action.Tool,
            OutcomeName(action.Outcome),
            action.IdempotencyKey,
            action.Amount?.ToString(CultureInfo.InvariantCulture),
            action.Currency,
            string.Join(' ', action.Entities),
        };
        return string.Join(',', fields.Select(Quote));
    }

    private static string OutcomeName(ActionOutcome outcome) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());

    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // A leading formula character is quoted with an apostrophe so that a spreadsheet shows it instead of running it.
        var text = value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return text;
        }

        return new StringBuilder(text.Length + 2).Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
