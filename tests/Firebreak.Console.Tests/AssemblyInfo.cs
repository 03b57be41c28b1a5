// Each test runs a server, a backend, an agent and a browser; one collection runs them one at a time, which keeps a
// shared CI machine responsive.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
