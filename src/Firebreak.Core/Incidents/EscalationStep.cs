namespace Firebreak.Incidents;

/// <summary>One step of an escalation schedule.</summary>
/// <param name="Index">Its position in the schedule, from 0; a page stores how many steps it has sent, which is the index of the next.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Level">The level it pages, from 0 (on <see cref="EscalationStepKind.Exhausted"/>, the last level).</param>
/// <param name="Repeat">0 for the level's first page, 1.. for its repeats.</param>
/// <param name="At">When it is due.</param>
internal sealed record EscalationStep(int Index, EscalationStepKind Kind, int Level, int Repeat, DateTimeOffset At);
