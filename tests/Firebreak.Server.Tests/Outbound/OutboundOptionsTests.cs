using Firebreak.Server.Compensation;
using Firebreak.Server.Outbound;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Tests.Outbound;

public sealed class OutboundOptionsTests
{
    [Fact]
    public void AnAllowedHostThatIsNotAHost_OrAnEndpointThatIsNotAUrl_IsRefusedAtStart_EachNamed()
    {
        var outbound = new OutboundOptions { AllowedHosts = { "desk.example:8443", "https://desk.example/", "*.internal" } };
        var compensation = new CompensationOptions { Endpoints = { ["desk"] = "http://127.0.0.1:5081", ["kb"] = "kb.internal" } };

        var result = new OutboundOptionsValidator(Options.Create(compensation)).Validate(null, outbound);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Firebreak:Outbound:AllowedHosts: 'https://desk.example/' is neither a host nor host:port (no scheme, path or wildcard).",
                "Firebreak:Outbound:AllowedHosts: '*.internal' is neither a host nor host:port (no scheme, path or wildcard).",
                "Firebreak:Compensation:Endpoints:kb: 'kb.internal' is not an absolute http or https URL.",
            ],
            result.Failures!);
    }

    [Fact]
    public void NoAllowedHosts_IsValid() =>
        Assert.True(new OutboundOptionsValidator(Options.Create(new CompensationOptions())).Validate(null, new OutboundOptions()).Succeeded);
}
