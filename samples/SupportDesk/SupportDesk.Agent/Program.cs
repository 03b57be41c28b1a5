using SupportDesk.Agent;

return await AgentCli.RunAsync(args, Console.Out, Console.Error);
