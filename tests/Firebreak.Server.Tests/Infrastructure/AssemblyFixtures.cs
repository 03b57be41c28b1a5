using Firebreak.Server.Tests.Infrastructure;
using Xunit;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
