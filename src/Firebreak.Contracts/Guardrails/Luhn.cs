namespace Firebreak.Guardrails;

/// <summary>The Luhn (mod 10) check digit of payment card numbers, and the issuer prefixes that make a digit run a card number.</summary>
public static class Luhn
{
    /// <summary>Whether <paramref name="digits"/> (ASCII digits only) passes the Luhn check. False for an empty span or a non-digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return false;
        }

        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var digit = digits[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            if (doubled)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// Whether <paramref name="digits"/> looks like a card number: 13 to 19 digits, not all the same, with the prefix
    /// and length of a major scheme (Visa 4; Mastercard 51–55 and 2221–2720; Amex 34, 37; Diners 36, 38, 300–305;
    /// Discover 6011, 65, 644–649; JCB 3528–3589; UnionPay 62; Maestro 50, 56–58, 63, 67), and passing the Luhn check.
    /// The prefix rule keeps Luhn's one-in-ten chance from flagging order numbers and tracking ids.
    /// </summary>
    public static bool IsCardNumber(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < 13 or > 19 || digits.ContainsAnyExceptInRange('0', '9') || digits.IndexOfAnyExcept(digits[0]) < 0)
        {
            return false;
        }

        return HasSchemePrefix(digits) && IsValid(digits);
    }

    private static bool HasSchemePrefix(ReadOnlySpan<char> d)
    {
        var two = ((d[0] - '0') * 10) + (d[1] - '0');
        var four = (two * 100) + ((d[2] - '0') * 10) + (d[3] - '0');
        var length = d.Length;
        return d[0] switch
        {
            '4' => length is 13 or 16 or 19,
            '2' => four is >= 2221 and <= 2720 && length == 16,
            '5' => (two is >= 51 and <= 55 && length == 16) || (two is 50 or (>= 56 and <= 58) && length >= 12),
            '3' => (two is 34 or 37 && length == 15)
                || (two is 36 or 38 && length is 14 or 16)
                || (four is >= 3000 and <= 3059 && length is 14 or 16)
                || (four is >= 3528 and <= 3589 && length is >= 16 and <= 19),
            '6' => two is 60 or 62 or 63 or 64 or 65 or 67 && length is >= 16 and <= 19,
            _ => false,
        };
    }
}
