using Firebreak.Outbound;

namespace Firebreak.Core.Tests.Outbound;

public sealed class OutboundAllowListTests
{
    private static readonly OutboundAllowList List = OutboundAllowList.Create(
        ["desk.example", "billing.example:8443", "10.0.0.7", "[fd00::9]:81", "Memory.Example.", "169.254.169.254:8080"],
        ["http://127.0.0.1:5081/", "https://kb.example"]);

    [Theory]
    [InlineData("desk.example", 80, true)]
    [InlineData("DESK.example.", 9000, true)]
    [InlineData("billing.example", 8443, true)]
    [InlineData("billing.example", 443, false)]
    [InlineData("10.0.0.7", 1, true)]
    [InlineData("::ffff:10.0.0.7", 1, true)]
    [InlineData("fd00::9", 81, true)]
    [InlineData("[fd00::9]", 81, true)]
    [InlineData("fd00::9", 80, false)]
    [InlineData("memory.example", 443, true)]
    [InlineData("127.0.0.1", 5081, true)]
    [InlineData("127.0.0.1", 5082, false)]
    [InlineData("localhost", 5081, false)]
    [InlineData("kb.example", 443, true)]
    [InlineData("kb.example", 80, false)]
    [InlineData("169.254.169.254", 80, false)]
    [InlineData("evil.desk.example", 80, false)]
    [InlineData("desk.example.evil", 80, false)]
    public void Allows_OnlyTheNamedHosts_AndTheEndpointsHostAndPort(string host, int port, bool allowed) =>
        Assert.Equal(allowed, List.Allows(host, port));

    [Theory]
    [InlineData("desk.example", true)]
    [InlineData("desk.example:8080", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("::1", true)]
    [InlineData("http://desk.example", false)]
    [InlineData("desk.example/path", false)]
    [InlineData("*.example", false)]
    [InlineData("user@desk.example", false)]
    [InlineData("desk.example:0", false)]
    [InlineData("desk.example:70000", false)]
    [InlineData(" desk.example", false)]
    [InlineData("", false)]
    public void IsValidEntry_AcceptsAHostOrHostAndPort(string entry, bool valid) =>
        Assert.Equal(valid, OutboundAllowList.IsValidEntry(entry));

    [Theory]
    [InlineData("{endpoint.desk}/refunds/{result.id}/reverse", null)]
    [InlineData("https://desk.example/refunds/{result.id}", null)]
    [InlineData("http://127.0.0.1:5081/tickets/{arguments.id}", null)]
    [InlineData("http://169.254.169.254/latest/meta-data/", "not allowed")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/", "not allowed")]
    [InlineData("http://127.0.0.1:5082/admin", "not allowed")]
    [InlineData("http://169.254.169.254:8080/latest/meta-data/", "cloud metadata address")]
    [InlineData("{endpoint.desk}", null)]
    [InlineData("{endpoint.desk}?id={key}", null)]
    [InlineData("{endpoint.desk}@evil.example/refunds", "so the base address decides the host")]
    [InlineData("{endpoint.desk}.evil.example/refunds", "so the base address decides the host")]
    [InlineData("http://{arguments.host}/refunds", "literally")]
    [InlineData("http://desk.example{arguments.port}/refunds", "literally")]
    [InlineData("https://{endpoint.desk}/refunds", "literally")]
    public void CheckTemplate_RefusesAHostNotAllowed_OrOneAValueDecides(string template, string? refusal)
    {
        var error = List.CheckTemplate(template);

        if (refusal is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(refusal, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_RefusesAnEntryThatIsNotAHost()
    {
        Assert.Throws<ArgumentException>(() => OutboundAllowList.Create(["https://desk.example/"], []));
        Assert.Throws<ArgumentException>(() => OutboundAllowList.Create([], ["desk.example"]));
    }
}
