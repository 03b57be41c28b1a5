namespace Firebreak.Compensation;

/// <summary>
/// The end of a run: each compensated action's entity checked where its compensator can verify, and each memory purge
/// and knowledge quarantine read back where its hook can verify; mismatches listed; and the guardrail hits recorded in
/// the run's window summarized, so "no policy breaches occurred" is checked, not assumed.
/// </summary>
/// <param name="Checked">Items whose entity was read back.</param>
/// <param name="Verified">Of those, items that read back as expected.</param>
/// <param name="Unverifiable">Done items whose compensator declares no verification.</param>
/// <param name="Mismatches">Items that read back wrong, and items that failed.</param>
/// <param name="PolicyHits">Guardrail hits of the selected agents in the run's window, per guardrail and verdict; empty when there were none.</param>
public sealed record IntegrityReport(int Checked, int Verified, int Unverifiable, IReadOnlyList<IntegrityMismatch> Mismatches, IReadOnlyList<PolicyHitCount> PolicyHits)
{
    public static IntegrityReport Of(IEnumerable<CompensationItem> items) => Of(items, [], []);

    public static IntegrityReport Of(IEnumerable<CompensationItem> items, IEnumerable<CompensationHook> hooks, IReadOnlyList<PolicyHitCount> policyHits)
    {
        ArgumentNullException.ThrowIfNull(policyHits);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(hooks);
        int checkedCount = 0, verified = 0, unverifiable = 0;
        var mismatches = new List<IntegrityMismatch>();
        foreach (var item in items)
        {
            if (item.State == CompensationItemState.Failed)
            {
                mismatches.Add(new IntegrityMismatch(item.ActionSeq, item.Tool, item.Entities, $"compensation failed: {item.Error}"));
                continue;
            }

            if (item.State != CompensationItemState.Done || item.Kind != CompensationKind.Http)
            {
                continue;
            }

            if (item.Verified is not { } ok)
            {
                unverifiable++;
                continue;
            }

            checkedCount++;
            if (ok)
            {
                verified++;
            }
            else
            {
                mismatches.Add(new IntegrityMismatch(item.ActionSeq, item.Tool, item.Entities, item.VerifyDetail ?? "verification did not match"));
            }
        }

        foreach (var hook in hooks)
        {
            var seq = hook.ActionSeq ?? 0;
            if (hook.State == CompensationItemState.Failed)
            {
                mismatches.Add(new IntegrityMismatch(seq, hook.Tool, hook.Entities, $"hook failed: {hook.Error}"));
            }
            else if (hook.State == CompensationItemState.Done && hook.Verified is null)
            {
                unverifiable++;
            }
            else if (hook.State == CompensationItemState.Done)
            {
                checkedCount++;
                if (hook.Verified == true)
                {
                    verified++;
                }
                else
                {
                    mismatches.Add(new IntegrityMismatch(seq, hook.Tool, hook.Entities, hook.VerifyDetail ?? "verification did not match"));
                }
            }
        }

        return new IntegrityReport(checkedCount, verified, unverifiable, mismatches, policyHits);
    }
}
