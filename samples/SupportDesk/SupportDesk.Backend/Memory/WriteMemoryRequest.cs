namespace SupportDesk.Backend.Memory;

/// <summary>What the agent wants to remember.</summary>
public sealed record WriteMemoryRequest(string? Text);
