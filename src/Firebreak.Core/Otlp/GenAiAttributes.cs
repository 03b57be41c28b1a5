namespace Firebreak.Otlp;

/// <summary>The OpenTelemetry GenAI semantic-convention attributes and operation names the mapping reads.</summary>
internal static class GenAiAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string AgentName = "gen_ai.agent.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";
    public const string DataSourceId = "gen_ai.data_source.id";
    public const string ErrorType = "error.type";

    /// <summary>
    /// Firebreak's own attribute on an <c>execute_tool</c> span: the entities the call touched (<c>type:id</c> strings),
    /// which the GenAI conventions have no name for; the SDK records them from the application, ingest from here.
    /// </summary>
    public const string FirebreakEntities = "firebreak.entities";

    /// <summary>Firebreak's own attribute on an <c>execute_tool</c> span: the money the call moved, with <see cref="FirebreakCurrency"/>.</summary>
    public const string FirebreakAmount = "firebreak.amount";

    /// <summary>The ISO 4217 code of <see cref="FirebreakAmount"/>.</summary>
    public const string FirebreakCurrency = "firebreak.currency";

    /// <summary>The resource attribute naming the service that emitted the spans.</summary>
    public const string ServiceName = "service.name";

    public const string InvokeAgent = "invoke_agent";
    public const string ExecuteTool = "execute_tool";
    public const string Chat = "chat";
    public const string TextCompletion = "text_completion";
    public const string GenerateContent = "generate_content";
    public const string Retrieval = "retrieval";
    public const string Embeddings = "embeddings";
}
