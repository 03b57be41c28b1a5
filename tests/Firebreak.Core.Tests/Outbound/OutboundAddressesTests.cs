using System.Net;
using Firebreak.Outbound;

namespace Firebreak.Core.Tests.Outbound;

public sealed class OutboundAddressesTests
{
    [Theory]
    [InlineData("169.254.169.254", nameof(OutboundAddressKind.Metadata))]
    [InlineData("fd00:ec2::254", nameof(OutboundAddressKind.Metadata))]
    [InlineData("::ffff:169.254.169.254", nameof(OutboundAddressKind.Metadata))]
    [InlineData("64:ff9b::a9fe:a9fe", nameof(OutboundAddressKind.Metadata))]
    [InlineData("169.254.170.2", nameof(OutboundAddressKind.Metadata))]
    [InlineData("100.100.100.200", nameof(OutboundAddressKind.Metadata))]
    [InlineData("127.0.0.1", nameof(OutboundAddressKind.Loopback))]
    [InlineData("127.8.9.10", nameof(OutboundAddressKind.Loopback))]
    [InlineData("::1", nameof(OutboundAddressKind.Loopback))]
    [InlineData("::ffff:127.0.0.1", nameof(OutboundAddressKind.Loopback))]
    [InlineData("169.254.10.1", nameof(OutboundAddressKind.LinkLocal))]
    [InlineData("fe80::1", nameof(OutboundAddressKind.LinkLocal))]
    [InlineData("0.0.0.0", nameof(OutboundAddressKind.Unspecified))]
    [InlineData("::", nameof(OutboundAddressKind.Unspecified))]
    [InlineData("224.0.0.1", nameof(OutboundAddressKind.Multicast))]
    [InlineData("255.255.255.255", nameof(OutboundAddressKind.Multicast))]
    [InlineData("ff02::1", nameof(OutboundAddressKind.Multicast))]
    [InlineData("10.1.2.3", nameof(OutboundAddressKind.Ordinary))]
    [InlineData("93.184.216.34", nameof(OutboundAddressKind.Ordinary))]
    [InlineData("fd00::2", nameof(OutboundAddressKind.Ordinary))]
    [InlineData("2001:db8::1", nameof(OutboundAddressKind.Ordinary))]
    public void Classify_KnowsEachKindOfAddress_HoweverItIsWritten(string address, string kind) =>
        Assert.Equal(Enum.Parse<OutboundAddressKind>(kind), OutboundAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("localhost", "127.0.0.1", true)]
    [InlineData("localhost", "::1", true)]
    [InlineData("[::1]", "::1", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("169.254.10.1", "169.254.10.1", true)]
    [InlineData("desk.example", "10.0.0.5", true)]
    [InlineData("desk.example", "93.184.216.34", true)]
    [InlineData("desk.example", "127.0.0.1", false)]
    [InlineData("desk.example", "::1", false)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("localhost", "169.254.10.1", false)]
    [InlineData("desk.example", "169.254.10.1", false)]
    [InlineData("169.254.169.254", "169.254.169.254", false)]
    [InlineData("fd00:ec2::254", "fd00:ec2::254", false)]
    [InlineData("[fd00:ec2::254]", "fd00:ec2::254", false)]
    [InlineData("desk.example", "169.254.169.254", false)]
    [InlineData("0.0.0.0", "0.0.0.0", false)]
    [InlineData("desk.example", "224.0.0.1", false)]
    public void Refusal_LetsLoopbackAndLinkLocalOnlyThroughTheirOwnAddress_AndMetadataNever(string host, string address, bool reached)
    {
        var refusal = OutboundAddresses.Refusal(host, IPAddress.Parse(address));

        Assert.Equal(reached, refusal is null);
    }

    [Fact]
    public void ARefusal_SaysWhichAddressAndWhy()
    {
        Assert.Equal("169.254.169.254 is a cloud metadata address, which outbound calls never reach", OutboundAddresses.Refusal("169.254.169.254", IPAddress.Parse("169.254.169.254")));
        Assert.Equal(
            "desk.example resolves to the loopback address 127.0.0.1, reached only when the allowed host is that address itself",
            OutboundAddresses.Refusal("desk.example", IPAddress.Loopback));
    }
}
