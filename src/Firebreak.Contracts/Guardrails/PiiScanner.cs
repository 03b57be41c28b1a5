using System.Text;
using System.Text.RegularExpressions;

namespace Firebreak.Guardrails;

/// <summary>
/// Finds and redacts personal data in text. Each kind's shape is a source-generated regex; card numbers, SSNs and
/// IBANs are then validated (<see cref="Luhn"/>, <see cref="UsSocialSecurityNumber"/>, <see cref="IbanChecksum"/>),
/// so order numbers, dates and tracking ids that merely look alike are not reported. Text without a digit or an
/// <c>@</c> is skipped without running a regex. Like <see cref="InjectionScanner"/>, only the first
/// <see cref="MaxScannedLength"/> characters are read, so a huge argument or result costs a bounded time.
/// </summary>
public static partial class PiiScanner
{
    /// <summary>The longest text scanned (256 Ki characters, as <see cref="InjectionScanner.MaxScannedLength"/>); the rest of a longer text is not read.</summary>
    public const int MaxScannedLength = InjectionScanner.MaxScannedLength;

    /// <summary>What <see cref="Redact"/> puts in place of the part of a text beyond <see cref="MaxScannedLength"/>.</summary>
    public const string UnscannedMarker = "[redacted:unscanned]";

    private static readonly PiiKind[] AllKinds = Enum.GetValues<PiiKind>();

    /// <summary>
    /// The matches in the first <see cref="MaxScannedLength"/> characters of <paramref name="text"/>, by position,
    /// without overlaps (the earlier, then longer, match wins).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="kinds">The kinds to look for; <see langword="null"/> for all.</param>
    public static IReadOnlyList<PiiMatch> Find(string text, IReadOnlyCollection<PiiKind>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxScannedLength)
        {
            text = text[..MaxScannedLength];
        }

        var span = text.AsSpan();
        var hasDigit = span.IndexOfAnyInRange('0', '9') >= 0;
        var hasAt = span.Contains('@');
        if (!hasDigit && !hasAt)
        {
            return [];
        }

        List<PiiMatch>? matches = null;
        foreach (var kind in kinds ?? AllKinds)
        {
            switch (kind)
            {
                case PiiKind.Email when hasAt:
                    AddAll(ref matches, kind, EmailPattern(), text, static _ => true);
                    break;
                case PiiKind.CardNumber when hasDigit:
                    AddAll(ref matches, kind, CardPattern(), text, static m => Luhn.IsCardNumber(DigitsOf(m.ValueSpan)));
                    break;
                case PiiKind.Phone when hasDigit:
                    AddAll(ref matches, kind, InternationalPhonePattern(), text, static m => CountDigits(m.ValueSpan) is >= 8 and <= 15);
                    AddAll(ref matches, kind, NorthAmericanPhonePattern(), text, static _ => true);
                    break;
                case PiiKind.NationalId when hasDigit:
                    AddAll(ref matches, kind, SsnPattern(), text, static m => UsSocialSecurityNumber.IsValid(m.Groups[1].ValueSpan, m.Groups[2].ValueSpan, m.Groups[3].ValueSpan));
                    break;
                case PiiKind.Iban when hasDigit:
                    AddIbans(ref matches, text);
                    break;
                default:
                    break;
            }
        }

        if (matches is null)
        {
            return [];
        }

        matches.Sort(static (a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : b.Length.CompareTo(a.Length));
        var kept = new List<PiiMatch>(matches.Count);
        var end = 0;
        foreach (var match in matches)
        {
            if (match.Index >= end)
            {
                kept.Add(match);
                end = match.Index + match.Length;
            }
        }

        return kept;
    }

    /// <summary>Whether the first <see cref="MaxScannedLength"/> characters of <paramref name="text"/> contain any of <paramref name="kinds"/> (all when <see langword="null"/>).</summary>
    public static bool Contains(string text, IReadOnlyCollection<PiiKind>? kinds = null) => Find(text, kinds).Count > 0;

    /// <summary>
    /// <paramref name="text"/> with each match replaced by <c>[redacted:kind]</c> (<c>[redacted:card_number]</c>). Beyond
    /// <see cref="MaxScannedLength"/> the text was not read, so it is replaced by <see cref="UnscannedMarker"/>: a redacted
    /// text never carries what the scanner did not look at.
    /// </summary>
    public static string Redact(string text, IReadOnlyCollection<PiiKind>? kinds = null)
    {
        var matches = Find(text, kinds);
        var cut = text.Length > MaxScannedLength;
        if (cut)
        {
            text = text[..MaxScannedLength];
        }
        else if (matches.Count == 0)
        {
            return text;
        }

        var redacted = new StringBuilder(text.Length + UnscannedMarker.Length);
        var at = 0;
        foreach (var match in matches)
        {
            redacted.Append(text, at, match.Index - at).Append("[redacted:").Append(KindName(match.Kind)).Append(']');
            at = match.Index + match.Length;
        }

        redacted.Append(text, at, text.Length - at);
        return (cut ? redacted.Append(UnscannedMarker) : redacted).ToString();
    }

    /// <summary>The kind's JSON name (<c>card_number</c>), as redactions and hit details write it.</summary>
    public static string KindName(PiiKind kind) => kind switch
    {
        PiiKind.Email => "email",
        PiiKind.CardNumber => "card_number",
        PiiKind.Phone => "phone",
        PiiKind.NationalId => "national_id",
        PiiKind.Iban => "iban",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static void AddAll(ref List<PiiMatch>? matches, PiiKind kind, Regex pattern, string text, Func<Match, bool> valid)
    {
        for (var match = pattern.Match(text); match.Success; match = match.NextMatch())
        {
            if (valid(match))
            {
                (matches ??= []).Add(new PiiMatch(kind, match.Index, match.Length));
            }
        }
    }

    // The regex finds a candidate that may run on into the next word ("DE89 3704 … 00 please"); the country's registered
    // length decides where the IBAN ends, and only that prefix is validated and redacted.
    private static void AddIbans(ref List<PiiMatch>? matches, string text)
    {
        Span<char> compact = stackalloc char[34];
        for (var match = IbanPattern().Match(text); match.Success; match = match.NextMatch())
        {
            var value = match.ValueSpan;
            Span<char> country = [char.ToUpperInvariant(value[0]), char.ToUpperInvariant(value[1])];
            var length = IbanChecksum.LengthOf(country);
            if (length == 0)
            {
                continue;
            }

            var count = 0;
            var end = 0;
            for (var i = 0; i < value.Length && count < length; i++)
            {
                if (value[i] != ' ')
                {
                    compact[count++] = char.ToUpperInvariant(value[i]);
                    end = i + 1;
                }
            }

            // The IBAN must not continue straight into more letters or digits: DE89…00123 is not DE89…00.
            var next = match.Index + end;
            if (count == length && (next >= text.Length || !char.IsAsciiLetterOrDigit(text[next])) && IbanChecksum.IsValid(compact[..count]))
            {
                (matches ??= []).Add(new PiiMatch(PiiKind.Iban, match.Index, end));
            }
        }
    }

    private static string DigitsOf(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[value.Length];
        var count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
        }

        return new string(digits[..count]);
    }

    private static int CountDigits(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }

    [GeneratedRegex(@"(?<![\w.%+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,24}(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // 13 to 19 digits, optionally grouped by single spaces or dashes, not inside a longer digit run.
    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalPhonePattern();

    // Separators are required: a bare ten-digit run is as likely an order or account number.
    [GeneratedRegex(@"(?<![\d+])(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NorthAmericanPhonePattern();

    [GeneratedRegex(@"(?<![\d-])(\d{3})[- ](\d{2})[- ](\d{4})(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex SsnPattern();

    [GeneratedRegex(@"(?<![a-z0-9])[a-z]{2}\d{2}(?: ?[a-z0-9]{1,4}){3,8}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IbanPattern();
}
