namespace Firebreak.Control;

/// <summary>A step of <see cref="ToolCallPipeline"/>, the decision it rests on, and why the call does not simply run.</summary>
/// <param name="Step">What to do next.</param>
/// <param name="Decision">The control decision in force at this step.</param>
/// <param name="Message">For the model and the operator when the call does not run (or waits for a human); <see langword="null"/> for <see cref="CallStep.Execute"/> and <see cref="CallStep.Record"/>.</param>
public readonly record struct CallPlan(CallStep Step, GuardDecision Decision, string? Message);
