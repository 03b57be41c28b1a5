using Firebreak.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFirebreak();

var app = builder.Build();
app.MapFirebreak();
app.Run();

/// <summary>The server's entry point, visible to in-process tests.</summary>
public partial class Program;
