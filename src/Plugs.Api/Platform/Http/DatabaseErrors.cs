using Microsoft.Data.Sqlite;
using Npgsql;

namespace Plugs.Api.Platform.Http;

/// <summary>Recognises constraint violations of both providers, so handlers can map them to 409.</summary>
public static class DatabaseErrors
{
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
