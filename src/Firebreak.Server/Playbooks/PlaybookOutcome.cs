using Firebreak.Playbooks;
using Firebreak.Validation;

namespace Firebreak.Server.Playbooks;

/// <summary>The outcome of <see cref="PlaybookEngine.ApplyAsync"/>: the execution, or why nothing ran.</summary>
/// <param name="Execution">The execution; <see langword="null"/> when refused or, for an automatic one, already applied to this alert.</param>
/// <param name="Invalid">Why the playbook could not be planned.</param>
internal sealed record PlaybookOutcome(PlaybookExecution? Execution, ValidationErrors? Invalid = null);
