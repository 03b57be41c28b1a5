using Firebreak.Regression;
using Firebreak.Releases;
using Firebreak.Validation;

namespace Firebreak.Server.Releases;

/// <summary>The outcome of starting or steering a restore: the restore, or why nothing changed.</summary>
internal sealed record RestoreOutcome(
    Restore? Restore,
    ValidationErrors? Invalid = null,
    string? NotFound = null,
    string? Conflict = null,
    GateReport? Gate = null);
