namespace Firebreak.Registry;

/// <summary>
/// The inverse of a tool as an HTTP call: a POST of the original action to <paramref name="Url"/> with an
/// <c>Idempotency-Key</c> derived from the original action's key, so a repeated call has no second effect.
/// URLs are templates: <c>{endpoint.name}</c> (a base address configured on the server), <c>{result.path}</c>,
/// <c>{arguments.path}</c>, <c>{entity.type}</c> and <c>{key}</c> are filled from the original action.
/// </summary>
/// <param name="Url">Where the compensation is POSTed.</param>
/// <param name="VerifyUrl">A GET that reads the entity back after the compensation, if any.</param>
/// <param name="VerifyField">The JSON path (dotted) in the verification response to check.</param>
/// <param name="VerifyEquals">
/// The value <paramref name="VerifyField"/> must have, as text; <c>*</c> means present and not null. A template like <paramref name="Url"/>.
/// </param>
public sealed record HttpCompensator(string Url, string? VerifyUrl = null, string? VerifyField = null, string? VerifyEquals = null);
