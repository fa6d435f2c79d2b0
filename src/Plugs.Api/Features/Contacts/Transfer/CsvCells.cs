using System.Text;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// How our CSV export writes a cell and how the import of our own export reads it back, losslessly.
/// <list type="bullet">
/// <item>Formula injection (OWASP "CSV Injection"): a cell beginning with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return is prefixed with a single quote, so a spreadsheet
/// shows it as text instead of running it. A cell that already begins with a quote gets one too,
/// so that stripping exactly one quote on import is never a guess.</item>
/// <item>Tags are one cell, separated by <c>;</c>; a <c>;</c> or <c>\</c> inside a name is escaped with <c>\</c>.</item>
/// </list>
/// </summary>
public static class CsvCells
{
    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'';

    public static string? Neutralize(string? value) =>
        value is { Length: > 0 } && IsTrigger(value[0]) ? "'" + value : value;

    public static string? Restore(string? value) =>
        value is { Length: >= 2 } && value[0] == '\'' && IsTrigger(value[1]) ? value[1..] : value;

    public static string JoinTags(IEnumerable<string> tags) =>
        string.Join(';', tags.Select(t => t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)));

    /// <summary>Splits on unescaped <c>;</c>, unescapes, trims, drops empty names.</summary>
    public static List<string> SplitTags(string? cell)
    {
        var tags = new List<string>();
        if (string.IsNullOrWhiteSpace(cell))
        {
            return tags;
        }
        var current = new StringBuilder();
        for (var i = 0; i < cell.Length; i++)
        {
            var c = cell[i];
            if (c == '\\' && i + 1 < cell.Length)
            {
                current.Append(cell[++i]);
            }
            else if (c == ';')
            {
                Add();
            }
            else
            {
                current.Append(c);
            }
        }
        Add();
        return tags;

        void Add()
        {
            var name = current.ToString().Trim();
            if (name.Length > 0 && !tags.Contains(name, StringComparer.Ordinal))
            {
                tags.Add(name);
            }
            current.Clear();
        }
    }
}
