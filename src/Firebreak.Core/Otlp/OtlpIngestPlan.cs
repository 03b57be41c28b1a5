namespace Firebreak.Otlp;

/// <summary>An export mapped to ledger writes: one plan per run, and the spans that cannot be mapped.</summary>
internal sealed record OtlpIngestPlan(IReadOnlyList<OtlpRunPlan> Runs, IReadOnlyList<OtlpRejection> Rejections);
