using System.Diagnostics.CodeAnalysis;

namespace Firebreak.Ledger;

/// <summary>A reference to a thing an action touched, written <c>type:id</c> (<c>ticket:812</c>, <c>customer:47</c>).</summary>
public readonly record struct EntityRef(string Type, string Id)
{
    public const int MaxLength = 200;

    public static bool TryParse([NotNullWhen(true)] string? text, out EntityRef entity)
    {
        entity = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var type = text[..colon];
        if (!type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
        {
            return false;
        }

        var id = text[(colon + 1)..];
        if (id.Any(char.IsWhiteSpace))
        {
            return false;
        }

        entity = new EntityRef(type, id);
        return true;
    }

    public override string ToString() => $"{Type}:{Id}";
}
