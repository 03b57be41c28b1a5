using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Firebreak.Cli.Commands;

/// <summary>
/// A duration option that takes what an operator types under pressure (<c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>)
/// as well as a TimeSpan (<c>00:30:00</c>), and refuses zero or negative values at parse time.
/// </summary>
internal static class DurationOption
{
    public static Option<TimeSpan?> Create(string name, string description) => new(name)
    {
        Description = $"{description} (90s, 30m, 2h, 1d or hh:mm:ss)",
        HelpName = "duration",
        CustomParser = Parse,
    };

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && char.IsAsciiLetter(trimmed[^1])
            && double.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? parsed = char.ToLowerInvariant(trimmed[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (parsed is not { } value)
            {
                return false;
            }

            duration = value;
        }
        else if (!TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration))
        {
            return false;
        }

        return duration > TimeSpan.Zero;
    }

    private static TimeSpan? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a positive duration: use 90s, 30m, 2h, 1d or hh:mm:ss");
        return null;
    }
}
