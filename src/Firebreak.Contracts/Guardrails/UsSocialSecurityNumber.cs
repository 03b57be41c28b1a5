namespace Firebreak.Guardrails;

/// <summary>
/// The validity rules of US social security numbers (AAA-GG-SSSS): no area 000, 666 or 900–999, no group 00, no
/// serial 0000, and not one of the numbers published in advertising (078-05-1120, 219-09-9999).
/// </summary>
public static class UsSocialSecurityNumber
{
    /// <summary>Whether the three parts, each of ASCII digits of lengths 3, 2 and 4, form a number that can have been issued.</summary>
    public static bool IsValid(ReadOnlySpan<char> area, ReadOnlySpan<char> group, ReadOnlySpan<char> serial)
    {
        if (area.Length != 3 || group.Length != 2 || serial.Length != 4
            || area.ContainsAnyExceptInRange('0', '9') || group.ContainsAnyExceptInRange('0', '9') || serial.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (area is "000" or "666" || area[0] == '9' || group is "00" || serial is "0000")
        {
            return false;
        }

        return !(area is "078" && group is "05" && serial is "1120") && !(area is "219" && group is "09" && serial is "9999");
    }
}
