using Firebreak.Guardrails;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class UsSocialSecurityNumberTests
{
    [Theory]
    [InlineData("536-22-1234", true)]
    [InlineData("899-99-9999", true)]
    [InlineData("000-12-3456", false)]
    [InlineData("666-12-3456", false)]
    [InlineData("912-34-5678", false)]
    [InlineData("536-00-1234", false)]
    [InlineData("536-22-0000", false)]
    [InlineData("078-05-1120", false)]
    [InlineData("219-09-9999", false)]
    public void IsValid_FollowsTheIssuanceRules(string ssn, bool valid)
    {
        var parts = ssn.Split('-');

        Assert.Equal(valid, UsSocialSecurityNumber.IsValid(parts[0], parts[1], parts[2]));
    }
}
