using SupportDesk.Backend.Counters;
using SupportDesk.Backend.Desk;
using SupportDesk.Backend.Drills;
using SupportDesk.Backend.Emails;
using SupportDesk.Backend.Memory;
using SupportDesk.Backend.Orders;
using SupportDesk.Backend.Refunds;
using SupportDesk.Backend.Tickets;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, DeskOptions.SwitchMappings);
builder.Services.AddProblemDetails();
builder.Services.AddDesk();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapGet("/health", () => TypedResults.Ok("healthy")).WithName("Health");
app.MapOrdersEndpoints();
app.MapRefundsEndpoints();
app.MapEmailsEndpoints();
app.MapTicketsEndpoints();
app.MapCountersEndpoints();
app.MapMemoryEndpoints();
app.MapKnowledgeEndpoints();
app.MapDrillEndpoints();
app.Services.GetRequiredService<DeskStore>().SeedIfEmpty();
app.Run();
