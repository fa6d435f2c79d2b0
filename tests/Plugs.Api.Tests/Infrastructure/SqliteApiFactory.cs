namespace Plugs.Api.Tests.Infrastructure;

/// <summary>The embedded default: a SQLite file, in-process state store.</summary>
public sealed class SqliteApiFactory : PlugsApiFactory
{
    public override bool IsPostgres => false;

    protected override IReadOnlyDictionary<string, string?> ProviderSettings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(WorkDirectory, "plugs.db")}",
    };
}
