using Firebreak.Server.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
