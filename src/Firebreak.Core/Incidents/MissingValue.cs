namespace Firebreak.Incidents;

/// <summary>What <see cref="TemplateRenderer"/> writes for a known placeholder whose value is <see langword="null"/> or empty.</summary>
internal enum MissingValue
{
    /// <summary>Nothing (the default).</summary>
    Empty,

    /// <summary>A visible marker, <c>[name not set]</c>, so a reviewer notices the gap before sending.</summary>
    Marked,
}
