using Firebreak.Webhooks;

namespace Firebreak.Core.Tests.Webhooks;

public sealed class SlackTextTests
{
    [Theory]
    [InlineData("refund storm on support", "refund storm on support")]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("<!here|here> <@U024BE7LH>", "&lt;!here|here&gt; &lt;@U024BE7LH&gt;")]
    [InlineData("<http://evil.example|click>", "&lt;http://evil.example|click&gt;")]
    [InlineData("already &lt; escaped", "already &amp;lt; escaped")]
    [InlineData("a -> b & c", "a -&gt; b &amp; c")]
    public void Escape_TurnsEveryControlCharacterIntoText_AmpersandFirst(string text, string expected) =>
        Assert.Equal(expected, SlackText.Escape(text));
}
