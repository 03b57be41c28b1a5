using System.Text.Json;
using Firebreak.Similarity;

namespace Firebreak.Core.Tests.Similarity;

public sealed class ArgumentShapesTests
{
    [Theory]
    [InlineData("""{"ticket":1042,"amount":40}""", new[] { "t $.amount:number", "t $.ticket:number", "t $:object" })]
    [InlineData("""{"amount":12.5,"ticket":7}""", new[] { "t $.amount:number", "t $.ticket:number", "t $:object" })]
    [InlineData("""{"note":"x","urgent":true,"tag":null}""", new[] { "t $.note:string", "t $.tag:null", "t $.urgent:boolean", "t $:object" })]
    [InlineData("""{"items":[{"sku":"a"},{"sku":"b","qty":2}]}""", new[] { "t $.items:array", "t $.items[].qty:number", "t $.items[].sku:string", "t $.items[]:object", "t $:object" })]
    [InlineData("""[1,"a"]""", new[] { "t $:array", "t $[]:number", "t $[]:string" })]
    [InlineData("42", new[] { "t $:number" })]
    [InlineData("{}", new[] { "t $:object" })]
    public void Collect_ListsKeysAndTypes_NeverValues(string json, string[] expected)
    {
        var shapes = new SortedSet<string>(StringComparer.Ordinal);

        ArgumentShapes.Collect("t", JsonDocument.Parse(json).RootElement, shapes);

        Assert.Equal(expected, shapes);
    }

    [Fact]
    public void Collect_StopsAtMaxDepth_KeepingTheContainer()
    {
        var json = "1";
        for (var i = 0; i < ArgumentShapes.MaxDepth + 3; i++)
        {
            json = $$"""{"n":{{json}}}""";
        }

        var shapes = new SortedSet<string>(StringComparer.Ordinal);
        ArgumentShapes.Collect("t", JsonDocument.Parse(json).RootElement, shapes);

        Assert.Equal(ArgumentShapes.MaxDepth + 1, shapes.Count);
        Assert.DoesNotContain(shapes, s => s.EndsWith(":number", StringComparison.Ordinal));
    }
}
