namespace Firebreak.Otlp;

/// <summary>A span that is not written, and why; reported to the exporter as a partial success.</summary>
internal sealed record OtlpRejection(string SpanId, string Reason);
