using System.Text;
using Firebreak.Server.Compensation;

namespace Firebreak.Server.Tests.Compensation;

public sealed class Utf8SetTests
{
    [Fact]
    public void Add_ManyValuesWithRepeats_KeepsEachOnceNumberedInFirstSeenOrder()
    {
        // Far past the initial capacity, so the table and the byte store grow several times while values repeat.
        var set = new Utf8Set();
        for (var i = 0; i < 200_000; i++)
        {
            var value = Bytes($"t-{i % 50_000}");
            Assert.Equal(i % 50_000, set.Add(value));
        }

        Assert.Equal(50_000, set.Count);
        Assert.Equal("t-0", Encoding.UTF8.GetString(set[0]));
        Assert.Equal("t-49999", Encoding.UTF8.GetString(set[49_999]));
    }

    [Fact]
    public void Add_ValuesThatArePrefixesOrEmpty_AreDistinct()
    {
        var set = new Utf8Set(capacity: 1);
        string[] values = ["", "a", "ab", "abc", "b", "é", "e\u0301"];

        var numbers = values.Select(v => set.Add(Bytes(v))).ToList();
        var again = values.Select(v => set.Add(Bytes(v))).ToList();

        Assert.Equal(Enumerable.Range(0, values.Length), numbers);
        Assert.Equal(numbers, again);
        Assert.Equal(values.Length, set.Count);
    }

    [Fact]
    public void Add_AValueLongerThanTheByteStore_IsKeptWhole()
    {
        var set = new Utf8Set(capacity: 1);
        var text = new string('z', 10_000);

        set.Add(Bytes("short"));
        var number = set.Add(Bytes(text));

        Assert.Equal(text, Encoding.UTF8.GetString(set[number]));
        Assert.Equal(number, set.Add(Bytes(text)));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
