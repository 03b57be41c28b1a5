using Firebreak.Control;
using Firebreak.Validation;

namespace Firebreak.Server.Control;

/// <summary>The outcome of <see cref="ControlPlane.ApplyAsync"/>: the result, or why nothing changed.</summary>
internal sealed record ControlApplyOutcome(ControlChangeResult? Result, ValidationErrors? Invalid = null, string? NotFound = null);
