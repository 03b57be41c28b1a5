using Firebreak.Server.Mcp;

namespace Firebreak.Server.Tests.Mcp;

public sealed class McpResourceTemplateTests
{
    [Theory]
    [InlineData("notes://tickets/{id}", "notes://tickets/42", true)]
    [InlineData("notes://tickets/{id}", "notes://tickets/a%20b", true)]
    [InlineData("notes://tickets/{id}", "notes://tickets/42/attachments", false)]
    [InlineData("notes://tickets/{id}", "notes://tickets/42?all=1", false)]
    [InlineData("notes://tickets/{id}", "notes://secrets/42", false)]
    [InlineData("notes://tickets/{id}", "notes://tickets/..", false)]
    [InlineData("notes://tickets/{id}", "notes://tickets/..%2Fsecrets", false)]
    [InlineData("notes://tickets/{id}", "notes://tickets/%2E%2E%2Fsecrets", false)]
    [InlineData("notes://tickets/{id}", "notes://tickets/%252e%252e%252fsecrets", false)]
    [InlineData("notes://tickets/{id}", "xnotes://tickets/42", false)]
    [InlineData("notes://tickets/{id}.txt", "notes://tickets/42.txt", true)]
    [InlineData("notes://tickets/{id}.txt", "notes://tickets/42xtxt", false)]
    [InlineData("file:///data/{+path}", "file:///data/reports/2026/q1.csv", true)]
    [InlineData("file:///data/{+path}", "file:///data/reports/../../etc/passwd", false)]
    [InlineData("file:///data/{+path}", "file:///etc/passwd", false)]
    [InlineData("repo://{owner}{/path*}", "repo://ada/src/main.cs", true)]
    [InlineData("search://q{?term,limit}", "search://q?term=refund&limit=5", true)]
    [InlineData("search://q{?term,limit}", "search://q", true)]
    [InlineData("search://q{?term,limit}", "search://q#frag", false)]
    [InlineData("docs://{lang}/guide{#section}", "docs://en/guide#install", true)]
    [InlineData("static://readme", "static://readme", true)]
    [InlineData("static://readme", "static://readme2", false)]
    [InlineData("broken://{id", "broken://{id", true)]
    [InlineData("broken://{id", "broken://42", false)]
    public void Matches_OnlyTheUrisTheTemplateExpandsTo(string template, string uri, bool matches) =>
        Assert.Equal(matches, new McpResourceTemplate(template).Matches(uri));
}
