using System.Globalization;

namespace Firebreak.Releases;

/// <summary>The analysis of one stage of a gradual restore: pure, over the stage's metrics and the restore's thresholds.</summary>
internal static class RestoreAnalysis
{
    private const double Z95 = 1.96;

    public static (RestoreVerdict Verdict, string Reason) Evaluate(StageMetrics metrics, RestoreThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (metrics.CandidateRuns < thresholds.MinRuns)
        {
            return (RestoreVerdict.Wait, $"{metrics.CandidateRuns} of {thresholds.MinRuns} candidate runs needed to judge the stage");
        }

        var errors = LowerBound(metrics.CandidateFailed, metrics.CandidateActions);
        if (errors > thresholds.MaxErrorRate)
        {
            return (RestoreVerdict.Abort, Text($"action error rate {Rate(metrics.CandidateFailed, metrics.CandidateActions)} (at least {errors:P0} with 95 % confidence) above {thresholds.MaxErrorRate:P0}"));
        }

        var blocked = LowerBound(metrics.CandidateBlocked, metrics.CandidateActions);
        if (blocked > thresholds.MaxBlockedRate)
        {
            return (RestoreVerdict.Abort, Text($"blocked rate {Rate(metrics.CandidateBlocked, metrics.CandidateActions)} (at least {blocked:P0}) above {thresholds.MaxBlockedRate:P0}"));
        }

        var baseline = metrics.BaselineRuns == 0 ? 0 : (double)metrics.BaselineFinancialRuns / metrics.BaselineRuns;
        var refunds = LowerBound(metrics.CandidateFinancialRuns, metrics.CandidateRuns);
        if (refunds > baseline + thresholds.MaxRefundRateIncrease)
        {
            return (RestoreVerdict.Abort, Text(
                $"refund rate {Rate(metrics.CandidateFinancialRuns, metrics.CandidateRuns)} (at least {refunds:P0}) against {baseline:P0} on the baseline, more than {thresholds.MaxRefundRateIncrease:P0} above it"));
        }

        return (RestoreVerdict.Advance, Text(
            $"{metrics.CandidateRuns} candidate runs: errors {Rate(metrics.CandidateFailed, metrics.CandidateActions)}, blocked {Rate(metrics.CandidateBlocked, metrics.CandidateActions)}, refund rate {Rate(metrics.CandidateFinancialRuns, metrics.CandidateRuns)} against {baseline:P0} on the baseline"));
    }

    /// <summary>The lower bound of the 95 % Wilson score interval of <paramref name="hits"/> out of <paramref name="total"/>; 0 when there is nothing to judge.</summary>
    public static double LowerBound(int hits, int total)
    {
        if (total <= 0)
        {
            return 0;
        }

        var p = (double)hits / total;
        var z2 = Z95 * Z95;
        var centre = p + (z2 / (2 * total));
        var margin = Z95 * Math.Sqrt((p * (1 - p) / total) + (z2 / (4.0 * total * total)));
        return Math.Max(0, (centre - margin) / (1 + (z2 / total)));
    }

    private static string Rate(int hits, int total) => string.Create(CultureInfo.InvariantCulture, $"{hits}/{total}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
