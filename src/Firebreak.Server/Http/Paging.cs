using System.Diagnostics.CodeAnalysis;
using Firebreak.Validation;

namespace Firebreak.Server.Http;

/// <summary>The <c>limit</c> query parameter of the list endpoints: how many rows a page holds, at most <see cref="MaxPageSize"/>.</summary>
internal static class Paging
{
    public const int MaxPageSize = 500;

    public const int DefaultPageSize = 50;

    /// <summary>The page size asked for, or <paramref name="fallback"/> when absent; one out of range adds the <c>limit</c> error to <paramref name="errors"/>.</summary>
    public static int Read(ValidationErrors errors, int? limit, int fallback = DefaultPageSize)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            errors.Add("limit", $"must be between 1 and {MaxPageSize}");
        }

        return limit ?? fallback;
    }

    /// <summary><see cref="Read"/> for a list whose only parameter to check is the limit.</summary>
    public static bool TryRead(int? limit, out int size, [NotNullWhen(false)] out ValidationErrors? errors)
    {
        var collected = new ValidationErrors();
        size = Read(collected, limit);
        errors = collected.IsValid ? null : collected;
        return collected.IsValid;
    }

    /// <summary>The page size of the lists that bring an out-of-range limit into range instead of refusing it.</summary>
    public static int Clamp(int? limit, int fallback = DefaultPageSize) => Math.Clamp(limit ?? fallback, 1, MaxPageSize);
}
