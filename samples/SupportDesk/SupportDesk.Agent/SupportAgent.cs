using Microsoft.Extensions.AI;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Tools;

namespace SupportDesk.Agent;

/// <summary>The support agent: one run per ticket, a model that calls the four support tools until the ticket is closed.</summary>
public sealed class SupportAgent
{
    private readonly IChatClient _chat;
    private readonly DeskClient _desk;
    private readonly string _systemPrompt;
    private readonly Func<IList<AITool>, IList<AITool>> _wrapTools;

    /// <param name="model">The model: <see cref="Model.ScriptedChatClient"/> or any OpenAI-compatible endpoint.</param>
    /// <param name="desk">The backend the tools act on.</param>
    /// <param name="systemPrompt">The release's prompt; <see cref="Model.SupportPrompts"/> has the normal and the faulty one.</param>
    /// <param name="wrapTools">
    /// The composition point for an enforcement point. Each run's tools pass through it once, right where they are
    /// created, and the model can call only what it returns. Identity by default, so the sample runs unguarded; the
    /// Firebreak SDK guard plugs in here with one line (its Microsoft.Extensions.AI extension wraps each
    /// <see cref="AIFunction"/>), so that every tool invocation is checked against the current control and recorded,
    /// without the agent or its tools knowing.
    /// </param>
    public SupportAgent(IChatClient model, DeskClient desk, string systemPrompt, Func<IList<AITool>, IList<AITool>>? wrapTools = null)
    {
        // Function invocation sits on top of the model so the tool calls it asks for are run here, through the wrapped tools.
        _chat = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        _desk = desk;
        _systemPrompt = systemPrompt;
        _wrapTools = wrapTools ?? (tools => tools);
    }

    /// <summary>The author name of the message that carries retrieved knowledge-base documents to the model.</summary>
    public const string KnowledgeAuthor = "knowledge";

    /// <summary>Handles one ticket as one run; every side effect carries <paramref name="correlationId"/>.</summary>
    /// <returns>The model's final answer.</returns>
    public Task<string> RunAsync(DeskTicket ticket, string correlationId, CancellationToken cancellationToken) =>
        RunAsync(ticket, correlationId, [], cancellationToken);

    /// <summary>Handles one ticket as one run, with the knowledge-base documents retrieved for it as context.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="correlationId">Carried by every side effect.</param>
    /// <param name="knowledge">The retrieved documents, each as the model may read it (<c>[source] text</c>); empty for none.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The model's final answer.</returns>
    public async Task<string> RunAsync(DeskTicket ticket, string correlationId, IReadOnlyList<string> knowledge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(knowledge);
        var tools = _wrapTools(new SupportTools(_desk, correlationId).Create());
        List<ChatMessage> messages =
        [
            new(ChatRole.System, _systemPrompt),
            new(ChatRole.User, Describe(ticket)),
        ];
        if (knowledge.Count > 0)
        {
            messages.Add(new ChatMessage(ChatRole.User, $"Knowledge base:\n{string.Join('\n', knowledge)}") { AuthorName = KnowledgeAuthor });
        }

        var response = await _chat.GetResponseAsync(messages, new ChatOptions { Tools = tools, ToolMode = ChatToolMode.Auto }, cancellationToken)
            .ConfigureAwait(false);
        return response.Text;
    }

    /// <summary>The ticket as the model reads it; the first line is what <see cref="Model.TicketScript"/> parses.</summary>
    public static string Describe(DeskTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var order = ticket.OrderId is null ? string.Empty : $" about order {ticket.OrderId}";
        return $"Ticket {ticket.Id} from customer {ticket.CustomerId}{order}.\nSubject: {ticket.Subject}\n\n{ticket.Body}";
    }
}
