namespace Firebreak.Compensation;

/// <summary>Asks for the blast radius of a selection and one page of its actions.</summary>
/// <param name="Selection">Which actions.</param>
/// <param name="After">Return actions after this ledger sequence number (the previous page's <c>next</c>).</param>
/// <param name="Limit">At most this many actions on the page; 50 when omitted, at most 1000.</param>
public sealed record BlastRadiusRequest(BlastRadiusSelection Selection, long? After = null, int? Limit = null)
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 1000;
}
