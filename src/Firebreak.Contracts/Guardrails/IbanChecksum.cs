using System.Collections.Frozen;

namespace Firebreak.Guardrails;

/// <summary>IBAN validation: the country's registered length and the ISO 7064 mod-97-10 check (the remainder must be 1).</summary>
public static class IbanChecksum
{
    // From the SWIFT IBAN registry: the countries support desks meet most. An IBAN of a country not listed is not
    // recognised, because its length, and so where it ends inside running text, is unknown.
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22, ["BR"] = 29, ["CH"] = 21,
        ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IS"] = 26, ["IT"] = 27,
        ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15,
        ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SA"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
        ["TR"] = 26, ["UA"] = 29,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The registered length of IBANs of <paramref name="country"/> (two upper-case letters), or 0 when not known.</summary>
    public static int LengthOf(ReadOnlySpan<char> country) =>
        country.Length == 2 && Lengths.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(country, out var length) ? length : 0;

    /// <summary>Whether <paramref name="iban"/> (upper-case letters and digits, no spaces) has its country's length and passes mod-97.</summary>
    public static bool IsValid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 15 || LengthOf(iban[..2]) != iban.Length || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return false;
        }

        // The first four characters move to the end; letters count as 10..35. The remainder is carried digit by digit
        // so the 30-odd digit number never needs big-integer arithmetic.
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }
}
