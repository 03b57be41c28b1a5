namespace Firebreak.Client;

/// <summary>The default simulated result of a shadowed call, as the model sees it.</summary>
internal sealed record ShadowedResult(bool Shadowed, string Tool, string Message);
