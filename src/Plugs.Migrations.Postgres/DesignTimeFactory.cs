using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Plugs.Data;

namespace Plugs.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the model for PostgreSQL without starting the API.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlugsDbContext>
{
    public PlugsDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=127.0.0.1;Database=plugs;Username=plugs";
        var builder = new DbContextOptionsBuilder<PlugsDbContext>();
        builder.UsePlugsPostgres(connectionString);
        return new PlugsDbContext(builder.Options);
    }
}
