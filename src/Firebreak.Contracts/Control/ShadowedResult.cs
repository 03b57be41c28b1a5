namespace Firebreak.Control;

/// <summary>The default simulated result of a shadowed call, as the model sees it; the SDK guard and the MCP gateway both answer with it.</summary>
/// <param name="Shadowed">Always <see langword="true"/>, so the model can tell.</param>
/// <param name="Tool">The tool that was not executed.</param>
/// <param name="Message">Why, in words the model can read.</param>
public sealed record ShadowedResult(bool Shadowed, string Tool, string Message);
