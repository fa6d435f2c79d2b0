using Plugs.Api.Features;
using Plugs.Api.Platform;
using Plugs.Api.Platform.Database;
using Plugs.Api.Platform.OpenApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
builder.Services.AddFeatures(builder.Configuration);
var app = builder.Build();
app.UsePlatform();
app.MapFeatures();

// `-- openapi <file>` writes the OpenAPI document the API serves (clients are generated from it
// at build time) and exits, touching nothing else.
if (args.Contains("openapi"))
{
    await OpenApiSetup.WriteDocumentAsync(app, args.SkipWhile(a => a != "openapi").Skip(1).FirstOrDefault());
    return;
}

// `dotnet run --project src/Plugs.Api -- migrate` applies migrations and exits.
if (args.Contains("migrate"))
{
    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    return;
}
if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStartup || args.Contains("seed"))
{
    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
}
// `-- seed` adds the demo organization (see README) and exits.
if (args.Contains("seed"))
{
    await app.Services.GetRequiredService<Plugs.Api.Features.Demo.DemoSeeder>().SeedAsync();
    return;
}

KeyEncryption.WarnWhenUnprotected(app);
app.Lifetime.ApplicationStarted.Register(() =>
{
    var docs = string.Join(", ", app.Urls.Select(u => u.TrimEnd('/') + "/docs"));
    app.Logger.LogInformation("The Plugs API is up: interactive docs at {Docs}", docs);
});
app.Run();

public partial class Program;
