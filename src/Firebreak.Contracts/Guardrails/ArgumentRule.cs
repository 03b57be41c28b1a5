using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Firebreak.Guardrails;

/// <summary>
/// A parsed out-of-policy argument rule: what an argument of a tool call must satisfy. Parsed once, when the policy
/// is compiled; evaluated per call without allocating when the call complies.
/// </summary>
/// <remarks>
/// <para>Grammar (white space between tokens is free):</para>
/// <code>
/// rule     = path operator value
/// path     = name *( "." name )            ; name = letter or "_", then letters, digits, "_" or "-"
/// operator = "&lt;=" / "&lt;" / "&gt;=" / "&gt;" / "==" / "!=" / "in" / "not in" / "domain in"
/// value    = number / string / list        ; number = [-] digits [ "." digits ]; string = "..." with \" and \\ escapes
/// list     = "[" [ scalar *( "," scalar ) ] "]"
/// </code>
/// <para>Semantics:</para>
/// <list type="bullet">
/// <item>The path names an argument (<c>amount</c>) or a member of an object argument (<c>customer.email</c>).
/// A rule applies only when the argument is present and not null; an array, at the end of the path or along it
/// (<c>entities.entityType</c> over a list of entities), applies the rule to every element.</item>
/// <item><c>&lt; &lt;= &gt; &gt;=</c> take a number and compare numerically; the argument may be a JSON number or a
/// numeric string; anything else breaks the rule, because a bound that cannot be checked is not met.</item>
/// <item><c>== !=</c> take a number (numeric comparison) or a string (case-insensitive).</item>
/// <item><c>in</c>, <c>not in</c> take a list; strings compare case-insensitively, numbers numerically.</item>
/// <item><c>domain in</c> takes a list of domains: the argument must be an email address whose domain (after the last
/// <c>@</c>) is one of them, case-insensitively; subdomains do not count.</item>
/// </list>
/// <para>Examples: <c>amount &lt;= 50</c>, <c>currency in ["USD", "EUR"]</c>, <c>to domain in ["example.com"]</c>.</para>
/// </remarks>
public sealed class ArgumentRule
{
    /// <summary>The longest rule text accepted.</summary>
    public const int MaxLength = 500;

    private const int MaxListLength = 256;

    private readonly string[] _path;
    private readonly decimal? _number;
    private readonly string? _text;
    private readonly string[] _strings;
    private readonly decimal[] _numbers;

    private ArgumentRule(string source, string[] path, RuleOperator op, decimal? number, string? text, string[] strings, decimal[] numbers)
    {
        Source = source;
        _path = path;
        Operator = op;
        _number = number;
        _text = text;
        _strings = strings;
        _numbers = numbers;
    }

    /// <summary>The rule as written.</summary>
    public string Source { get; }

    /// <summary>The argument path, dotted (<c>customer.email</c>).</summary>
    public string Path => string.Join('.', _path);

    public RuleOperator Operator { get; }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says where and why.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ArgumentRule? rule, [NotNullWhen(false)] out string? error)
    {
        rule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is required";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"must be at most {MaxLength} characters";
            return false;
        }

        var reader = new Reader(text);
        var path = new List<string>();
        do
        {
            if (reader.Name() is not { } name)
            {
                error = $"expects an argument name at position {reader.Position}";
                return false;
            }

            path.Add(name);
        }
        while (reader.Take('.'));

        if (reader.Operator() is not { } op)
        {
            error = $"expects an operator (<=, <, >=, >, ==, !=, in, not in, domain in) at position {reader.Position}";
            return false;
        }

        decimal? number = null;
        string? single = null;
        var strings = new List<string>();
        var numbers = new List<decimal>();
        if (op is RuleOperator.In or RuleOperator.NotIn or RuleOperator.DomainIn)
        {
            if (!reader.List(strings, numbers, out error))
            {
                return false;
            }

            if (op == RuleOperator.DomainIn && (numbers.Count > 0 || strings.Exists(d => d.Length == 0 || d.Contains('@', StringComparison.Ordinal))))
            {
                error = "domain in takes a list of domain names (\"example.com\")";
                return false;
            }
        }
        else if (reader.Number() is { } parsed)
        {
            number = parsed;
        }
        else if (op is RuleOperator.Equal or RuleOperator.NotEqual && reader.StartsString)
        {
            if (!reader.String(out var s, out error))
            {
                return false;
            }

            single = s;
        }
        else
        {
            error = op is RuleOperator.Equal or RuleOperator.NotEqual
                ? $"expects a number or a \"string\" at position {reader.Position}"
                : $"expects a number at position {reader.Position}";
            return false;
        }

        if (!reader.AtEnd)
        {
            error = $"has unexpected text at position {reader.Position}";
            return false;
        }

        error = null;
        rule = new ArgumentRule(
            text.Trim(),
            [.. path],
            op,
            number,
            single,
            [.. strings.Select(v => op == RuleOperator.DomainIn ? v.ToLowerInvariant() : v)],
            [.. numbers]);
        return true;
    }

    /// <summary>Parses <paramref name="text"/>, or throws.</summary>
    /// <exception cref="FormatException">The rule does not parse.</exception>
    public static ArgumentRule Parse(string text) =>
        TryParse(text, out var rule, out var error) ? rule : throw new FormatException($"Rule '{text}' {error}.");

    /// <summary>
    /// Checks <paramref name="arguments"/> (a JSON object); returns <see langword="null"/> when they comply (or the
    /// argument is absent), or what breaks the rule (<c>amount 700 is not &lt;= 500</c>).
    /// </summary>
    public string? Check(JsonElement arguments) => CheckAt(arguments, 0);

    public override string ToString() => Source;

    private string? CheckAt(JsonElement value, int depth)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in value.EnumerateArray())
            {
                if (CheckAt(element, depth) is { } broken)
                {
                    return broken;
                }
            }

            return null;
        }

        if (depth == _path.Length)
        {
            return value.ValueKind == JsonValueKind.Null ? null : CheckOne(value);
        }

        return value.ValueKind == JsonValueKind.Object && value.TryGetProperty(_path[depth], out var next) ? CheckAt(next, depth + 1) : null;
    }

    private string? CheckOne(JsonElement value)
    {
        var complies = Operator switch
        {
            RuleOperator.LessThan or RuleOperator.LessThanOrEqual or RuleOperator.GreaterThan or RuleOperator.GreaterThanOrEqual =>
                AsNumber(value) is { } n && Compare(n),
            RuleOperator.Equal => EqualsValue(value),
            RuleOperator.NotEqual => !EqualsValue(value),
            RuleOperator.In => InList(value),
            RuleOperator.NotIn => !InList(value),
            _ => InDomains(value),
        };
        return complies ? null : $"{Path} {Describe(value)} breaks the rule {Source}";
    }

    private bool Compare(decimal n) => Operator switch
    {
        RuleOperator.LessThan => n < _number,
        RuleOperator.LessThanOrEqual => n <= _number,
        RuleOperator.GreaterThan => n > _number,
        _ => n >= _number,
    };

    private bool EqualsValue(JsonElement value) =>
        _number is { } number
            ? AsNumber(value) == number
            : value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), _text, StringComparison.OrdinalIgnoreCase);

    private bool InList(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            foreach (var candidate in _strings)
            {
                if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return AsNumber(value) is { } n && Array.IndexOf(_numbers, n) >= 0;
    }

    private bool InDomains(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { } address)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        var domain = address.AsSpan(at + 1).Trim();
        foreach (var allowed in _strings)
        {
            if (domain.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static decimal? AsNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var n) => n,
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    // Values go into hit details, so strings are redacted and cut short.
    private static string Describe(JsonElement value)
    {
        var raw = value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();
        var redacted = PiiScanner.Redact(raw);
        return redacted.Length > 80 ? $"{redacted[..80]}…" : redacted;
    }

    private sealed class Reader(string text)
    {
        private int _at;

        public int Position => _at;

        public bool AtEnd
        {
            get
            {
                SkipSpace();
                return _at >= text.Length;
            }
        }

        public bool Take(char c)
        {
            SkipSpace();
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        public string? Name()
        {
            SkipSpace();
            var start = _at;
            if (_at >= text.Length || !(char.IsAsciiLetter(text[_at]) || text[_at] == '_'))
            {
                return null;
            }

            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '-'))
            {
                _at++;
            }

            return text[start.._at];
        }

        public RuleOperator? Operator()
        {
            SkipSpace();
            var rest = text.AsSpan(_at);
            var (op, length) =
                rest.StartsWith("<=") ? (RuleOperator.LessThanOrEqual, 2)
                : rest.StartsWith(">=") ? (RuleOperator.GreaterThanOrEqual, 2)
                : rest.StartsWith("==") ? (RuleOperator.Equal, 2)
                : rest.StartsWith("!=") ? (RuleOperator.NotEqual, 2)
                : rest.StartsWith("<") ? (RuleOperator.LessThan, 1)
                : rest.StartsWith(">") ? ((RuleOperator?)RuleOperator.GreaterThan, 1)
                : Word(rest);
            _at += length;
            return op;
        }

        public bool StartsString
        {
            get
            {
                SkipSpace();
                return _at < text.Length && text[_at] == '"';
            }
        }

        public decimal? Number()
        {
            SkipSpace();
            var start = _at;
            if (_at < text.Length && text[_at] == '-')
            {
                _at++;
            }

            var digits = _at;
            while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '.'))
            {
                _at++;
            }

            if (_at > digits && decimal.TryParse(text.AsSpan(start, _at - start), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            _at = start;
            return null;
        }

        public bool String([NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
        {
            SkipSpace();
            value = null;
            error = null;
            if (_at >= text.Length || text[_at] != '"')
            {
                error = $"expects a \"string\" at position {_at}";
                return false;
            }

            var built = new StringBuilder();
            for (_at++; _at < text.Length; _at++)
            {
                var c = text[_at];
                if (c == '"')
                {
                    _at++;
                    value = built.ToString();
                    return true;
                }

                if (c == '\\' && _at + 1 < text.Length && text[_at + 1] is '"' or '\\')
                {
                    c = text[++_at];
                }

                built.Append(c);
            }

            error = "has a string that is not closed";
            return false;
        }

        public bool List(List<string> strings, List<decimal> numbers, [NotNullWhen(false)] out string? error)
        {
            if (!Take('['))
            {
                error = $"expects a list [\"a\", \"b\"] at position {_at}";
                return false;
            }

            if (Take(']'))
            {
                error = null;
                return true;
            }

            do
            {
                if (Number() is { } n)
                {
                    numbers.Add(n);
                }
                else if (String(out var s, out error))
                {
                    strings.Add(s);
                }
                else
                {
                    error = $"expects a number or a \"string\" in the list at position {_at}";
                    return false;
                }

                if (strings.Count + numbers.Count > MaxListLength)
                {
                    error = $"lists at most {MaxListLength} values";
                    return false;
                }
            }
            while (Take(','));

            if (!Take(']'))
            {
                error = $"expects ',' or ']' at position {_at}";
                return false;
            }

            error = null;
            return true;
        }

        private static (RuleOperator?, int) Word(ReadOnlySpan<char> rest)
        {
            if (StartsWithWord(rest, "in"))
            {
                return (RuleOperator.In, 2);
            }

            foreach (var (first, op) in new[] { ("not", RuleOperator.NotIn), ("domain", RuleOperator.DomainIn) })
            {
                if (StartsWithWord(rest, first))
                {
                    var after = rest[first.Length..];
                    var skipped = after.Length - after.TrimStart().Length;
                    if (skipped > 0 && StartsWithWord(after[skipped..], "in"))
                    {
                        return (op, first.Length + skipped + 2);
                    }
                }
            }

            return (null, 0);
        }

        private static bool StartsWithWord(ReadOnlySpan<char> rest, string word) =>
            rest.StartsWith(word, StringComparison.Ordinal) && (rest.Length == word.Length || !char.IsAsciiLetterOrDigit(rest[word.Length]));

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }
    }
}
