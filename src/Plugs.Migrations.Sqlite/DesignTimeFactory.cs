using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Plugs.Data;

namespace Plugs.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for SQLite without starting the API.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlugsDbContext>
{
    public PlugsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PlugsDbContext>();
        builder.UsePlugsSqlite("Data Source=design-time.db");
        return new PlugsDbContext(builder.Options);
    }
}
