using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Firebreak.Server.Hosting;

/// <summary>
/// A <see cref="TimeSpan"/> setting's bounds, checked at start-up. Used instead of <c>[TimeSpanRange(...)]</c>,
/// whose lazy conversion of its bounds races when two hosts validate their options at once (dotnet/runtime#1143,
/// seen as an <see cref="InvalidCastException"/> in the test suite): these bounds are parsed once, here, and never change.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is not TimeSpan span || (span >= Minimum && span <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"The field {name} must be between {Minimum} and {Maximum}.");
}
