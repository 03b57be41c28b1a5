namespace Firebreak.Compensation;

/// <summary>How many distinct entities of one type (<c>ticket</c>, <c>customer</c>) the selected actions touched.</summary>
public sealed record EntityCount(string Type, long Distinct);
