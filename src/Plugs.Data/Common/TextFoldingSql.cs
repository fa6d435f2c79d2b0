using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Plugs.Data.Common;

/// <summary>
/// <see cref="TextFolding"/> in SQL, for migrations that fold rows written before the keys were
/// stored. The application never folds in SQL (it computes the keys in .NET on every write); only
/// a migration has rows and no .NET. SQLite gets the .NET functions themselves, registered on every
/// connection (<see cref="SqliteFunctions"/>); PostgreSQL gets the nearest SQL, which equals them
/// for Latin, Greek and Cyrillic text (the marks of the five combining blocks; <c>lower()</c> by the
/// database's locale).
/// </summary>
public static class TextFoldingSql
{
    public const string SqliteCaseFunction = "plugs_fold_case";
    public const string SqliteCaseAndAccentsFunction = "plugs_fold_case_and_accents";

    public static string Case(bool postgres, string expression) =>
        postgres ? $"lower({expression})" : $"{SqliteCaseFunction}({expression})";

    public static string CaseAndAccents(bool postgres, string expression) =>
        postgres
            ? $"lower(normalize(regexp_replace(normalize({expression}, NFD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g'), NFC))"
            : $"{SqliteCaseAndAccentsFunction}({expression})";

    /// <summary>Registers the folding functions on each SQLite connection EF opens (cheap: no I/O).</summary>
    public sealed class SqliteFunctions : DbConnectionInterceptor
    {
        public static readonly SqliteFunctions Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Register(connection);
            return Task.CompletedTask;
        }

        private static void Register(DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
            {
                sqlite.CreateFunction<string?, string?>(SqliteCaseFunction, s => s is null ? null : TextFolding.Case(s), isDeterministic: true);
                sqlite.CreateFunction<string?, string?>(SqliteCaseAndAccentsFunction, s => s is null ? null : TextFolding.CaseAndAccents(s), isDeterministic: true);
            }
        }
    }
}
