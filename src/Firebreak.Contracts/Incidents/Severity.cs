namespace Firebreak.Incidents;

/// <summary>
/// How bad an incident is, <see cref="Sev1"/> being the worst. The numeric value is the SEV number,
/// so a smaller value is more severe; the priority alias is one lower (SEV1 is P0).
/// </summary>
/// <remarks>Written <c>sev1</c>..<c>sev4</c> in JSON; <see cref="SeverityNames"/> parses every accepted alias.</remarks>
public enum Severity
{
    /// <summary>Critical (P0): active broad harm, exposed personal data, unauthorized transactions or irreversible actions.</summary>
    Sev1 = 1,

    /// <summary>High (P1): financial, legal, security, privacy or safety-sensitive impact, or broad degradation.</summary>
    Sev2 = 2,

    /// <summary>Medium (P2): user-visible, limited impact with a clear correction.</summary>
    Sev3 = 3,

    /// <summary>Low (P3): caught before it reached users, or cosmetic.</summary>
    Sev4 = 4,
}
