using Firebreak.Ledger;

namespace Firebreak.Otlp;

/// <summary>One GenAI span as a step of its run and, for a tool call, the ledger action it performed.</summary>
/// <param name="SpanId">The span; a re-export of it is recognised by this id and written once.</param>
/// <param name="Step">The step appended to the run's decision trace.</param>
/// <param name="Action">The action recorded for an <c>execute_tool</c> span; its idempotency key derives from the trace and span ids.</param>
internal sealed record OtlpSpanWrite(string SpanId, AppendStepRequest Step, RecordActionRequest? Action);
