using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Plugs.Data.Common;

/// <summary>
/// The keys text is compared by when it should match ignoring case (tag names) or ignoring case
/// and accents (contact search). They are computed here, in .NET, and stored beside the text
/// (<see cref="IDerivesColumns"/>), so both providers compare exactly alike and an ordinary index
/// serves the comparison: SQLite's <c>lower()</c> knows only ASCII, PostgreSQL's follows the
/// database's locale, and neither strips accents.
/// </summary>
public static partial class TextFolding
{
    /// <summary>Lower-cased (invariant culture, one character for one, so lengths stay the same): <c>Investor</c> and <c>INVESTOR</c> are one key.</summary>
    public static string Case(string text) => text.ToLowerInvariant();

    /// <summary>
    /// Without accents, lower-cased: <c>José</c>, <c>JOSE</c> and <c>jose</c> are one key. That is the
    /// text decomposed (NFD) without its non-spacing marks: a precomposed character becomes its base
    /// (<see cref="BasePairs"/>: the API runs with invariant globalization, where
    /// <c>string.Normalize</c> does not decompose), a stand-alone mark is dropped. Letters that are not
    /// a base letter plus a mark (<c>ø</c>, <c>ß</c>, <c>ł</c>) stay themselves. Never longer than the text.
    /// </summary>
    public static string CaseAndAccents(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(Bases.GetValueOrDefault(c, c));
            }
        }
        return kept.ToString().ToLowerInvariant();
    }

    private static readonly FrozenDictionary<char, char> Bases =
        Enumerable.Range(0, BasePairs.Length / 2).ToFrozenDictionary(i => BasePairs[2 * i], i => BasePairs[2 * i + 1]);
}

/// <summary>
/// An entity with columns computed from its own values (<see cref="TextFolding"/> keys);
/// <see cref="AuditStampInterceptor"/> recomputes them on every save. Writes that bypass the change
/// tracker compute them themselves (<c>ContactTags</c>, the PostgreSQL bulk import) or may not touch
/// their sources at all (<see cref="StampedUpdates"/> refuses).
/// </summary>
public interface IDerivesColumns
{
    void DeriveColumns();
}

/// <summary>
/// Marks a column <see cref="IDerivesColumns.DeriveColumns"/> computes from the named properties: a
/// set-based write may set neither it nor them (<see cref="StampedUpdates"/>), since it could not
/// recompute it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DerivedFromAttribute(params string[] sources) : Attribute
{
    public IReadOnlyList<string> Sources { get; } = sources;
}
