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
public static class TextFolding
{
    /// <summary>Lower-cased (invariant culture, one character for one, so lengths stay the same): <c>Investor</c> and <c>INVESTOR</c> are one key.</summary>
    public static string Case(string text) => text.ToLowerInvariant();

    /// <summary>
    /// Decomposed (NFD), without its non-spacing marks, recomposed (NFC), lower-cased: <c>José</c>,
    /// <c>JOSE</c> and <c>jose</c> are one key. Letters that are not a base letter plus a mark
    /// (<c>ø</c>, <c>ß</c>, <c>ł</c>) stay themselves.
    /// </summary>
    public static string CaseAndAccents(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }
        return kept.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }
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
