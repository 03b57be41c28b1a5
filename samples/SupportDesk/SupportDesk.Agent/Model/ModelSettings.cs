namespace SupportDesk.Agent.Model;

/// <param name="Endpoint">An OpenAI-compatible endpoint (such as http://127.0.0.1:11434/v1); the scripted model when <see langword="null"/>.</param>
/// <param name="ModelId">The model to ask at <paramref name="Endpoint"/>.</param>
/// <param name="ApiKey">The endpoint's API key; local servers accept any.</param>
public sealed record ModelSettings(Uri? Endpoint, string ModelId, string? ApiKey);
