namespace Firebreak.Guardrails;

/// <summary>The kinds of personal data <see cref="PiiScanner"/> finds. Each is validated beyond its shape where a rule exists.</summary>
public enum PiiKind
{
    /// <summary>An email address.</summary>
    Email,

    /// <summary>A payment card number: 13 to 19 digits with a known issuer prefix that pass the Luhn check.</summary>
    CardNumber,

    /// <summary>A phone number: international (<c>+</c> and 8 to 15 digits) or North American with separators.</summary>
    Phone,

    /// <summary>A national id; US social security numbers with separators, excluding numbers never issued.</summary>
    NationalId,

    /// <summary>An IBAN of a country whose length is known, passing the ISO 7064 mod-97 check.</summary>
    Iban,
}
