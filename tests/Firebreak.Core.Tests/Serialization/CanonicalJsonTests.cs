using System.Text.Json;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Serialization;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"b":1,"a":2}""", """{"a":2,"b":1}""")]
    [InlineData("""{ "z" : { "y":[3, {"d":1,"c":2}], "x":null } }""", """{"z":{"x":null,"y":[3,{"c":2,"d":1}]}}""")]
    [InlineData("""[ 1, "two", true ]""", """[1,"two",true]""")]
    [InlineData("""{"B":1,"a":2,"_":3}""", """{"B":1,"_":3,"a":2}""")]
    [InlineData("\"caf\\u00e9\"", "\"caf\\u00E9\"")]
    public void Serialize_SortsMembersAndDropsWhitespace(string input, string expected)
    {
        using var document = JsonDocument.Parse(input);

        Assert.Equal(expected, CanonicalJson.Serialize(document.RootElement));
    }

    [Fact]
    public void Digest_IsTheSameForReorderedMembers_AndDiffersForChangedValues()
    {
        using var a = JsonDocument.Parse("""{"orderId":"o-1","amount":40}""");
        using var b = JsonDocument.Parse("""{ "amount":40, "orderId":"o-1" }""");
        using var c = JsonDocument.Parse("""{"orderId":"o-1","amount":41}""");

        Assert.Equal(CanonicalJson.Digest(a.RootElement), CanonicalJson.Digest(b.RootElement));
        Assert.NotEqual(CanonicalJson.Digest(a.RootElement), CanonicalJson.Digest(c.RootElement));
        Assert.Matches("^[0-9a-f]{64}$", CanonicalJson.Digest(a.RootElement));
    }
}
