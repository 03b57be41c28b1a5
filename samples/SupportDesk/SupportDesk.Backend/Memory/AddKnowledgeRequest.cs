namespace SupportDesk.Backend.Memory;

/// <summary>A document to add to the knowledge base; a source added again is replaced.</summary>
public sealed record AddKnowledgeRequest(string? Source, string? Title, string? Text, IReadOnlyList<string>? Topics);
