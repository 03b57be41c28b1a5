namespace SupportDesk.Agent.Tools;

/// <summary>The tool names as <c>samples/SupportDesk/registry.json</c> declares them, which is how Firebreak knows their risk.</summary>
public static class SupportToolNames
{
    public const string LookupOrder = "lookup_order";
    public const string IssueRefund = "issue_refund";
    public const string SendEmail = "send_email";
    public const string CloseTicket = "close_ticket";
}
