using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// The contact list's count and page as EF Core compiled queries: one count, and one page query
/// per sort order. The busiest read of the API then skips EF's per-request work on the expression
/// tree (extracting parameters from it, hashing and comparing it against the query cache), which
/// was about a sixth of the API's CPU per list request. Every filter is a parameter (see
/// <see cref="ContactFilterValues.Predicate"/>), so one compiled query serves every combination.
/// Searches whose matches are not read as ids (SQLite, or more than
/// <see cref="ContactSearch.MaterializedMatches"/>) compose their search instead and take the
/// ordinary path.
/// </summary>
internal sealed class ContactListQuery
{
    /// <summary>Sort orders beyond this many distinct ones are not compiled (a client could otherwise grow the cache without bound).</summary>
    private const int MaxCompiledSortOrders = 32;

    private static readonly ParameterExpression Db = Expression.Parameter(typeof(PlugsDbContext), "db");
    private static readonly ParameterExpression[] Values = [.. typeof(ContactFilterValues).GetConstructors()[0].GetParameters()
        .Select(p => Expression.Parameter(p.ParameterType, p.Name))];
    private static readonly ParameterExpression Skip = Expression.Parameter(typeof(int), "skip");
    private static readonly ParameterExpression Take = Expression.Parameter(typeof(int), "take");
    private static readonly Expression Filtered = BuildFiltered();

    private static readonly Expression<Func<PlugsDbContext, ContactType?, ContactStatus?, ContactPriority?, string?, string?, string?,
        string?, Guid?, int?, int?, DateTime?, DateTime?, Guid[]?, CancellationToken, int>> CountExpression =
        Expression.Lambda<Func<PlugsDbContext, ContactType?, ContactStatus?, ContactPriority?, string?, string?, string?, string?,
            Guid?, int?, int?, DateTime?, DateTime?, Guid[]?, CancellationToken, int>>(
            Expression.Call(typeof(Queryable), nameof(Queryable.Count), [typeof(Contact)], Filtered),
            [Db, .. Values, Expression.Parameter(typeof(CancellationToken), "ct")]);

    // EF binds a compiled query to the first model it runs against; a process normally has one,
    // but the test host runs several (one per provider and database), hence one set per model.
    private static readonly ConditionalWeakTable<IModel, ContactListQuery> ByModel = new();

    private readonly Func<PlugsDbContext, ContactType?, ContactStatus?, ContactPriority?, string?, string?, string?, string?,
        Guid?, int?, int?, DateTime?, DateTime?, Guid[]?, CancellationToken, Task<int>> _count = EF.CompileAsyncQuery(CountExpression);

    private readonly ConcurrentDictionary<string, Func<PlugsDbContext, ContactType?, ContactStatus?, ContactPriority?, string?,
        string?, string?, string?, Guid?, int?, int?, DateTime?, DateTime?, Guid[]?, int, int, IAsyncEnumerable<ContactResponse>>> _pages = new();

    private ContactListQuery()
    {
    }

    public static ContactListQuery For(PlugsDbContext db) => ByModel.GetValue(db.Model, _ => new ContactListQuery());

    public Task<int> CountAsync(PlugsDbContext db, ContactFilterValues v, CancellationToken ct) =>
        _count(db, v.Type, v.Status, v.Priority, v.Industry, v.BusinessType, v.NetworkType, v.Tag, v.CreatedBy,
            v.MinLeadScore, v.MaxLeadScore, v.LastInteractionAfter, v.LastInteractionBefore, v.Ids, ct);

    /// <summary>
    /// The rows of a page in this sort order (keys from <see cref="SortQuery.Keys"/>), or null when
    /// the order is not (and will not be) compiled.
    /// </summary>
    public Func<int, int, IAsyncEnumerable<ContactResponse>>? Page(PlugsDbContext db, ContactFilterValues v, string[] sortKeys)
    {
        var key = string.Join(',', sortKeys);
        if (!_pages.TryGetValue(key, out var page))
        {
            if (_pages.Count >= MaxCompiledSortOrders)
            {
                return null;
            }
            page = _pages.GetOrAdd(key, _ => CompilePage(sortKeys));
        }
        return (skip, take) => page(db, v.Type, v.Status, v.Priority, v.Industry, v.BusinessType, v.NetworkType, v.Tag, v.CreatedBy,
            v.MinLeadScore, v.MaxLeadScore, v.LastInteractionAfter, v.LastInteractionBefore, v.Ids, skip, take);
    }

    private static Func<PlugsDbContext, ContactType?, ContactStatus?, ContactPriority?, string?, string?, string?, string?, Guid?,
        int?, int?, DateTime?, DateTime?, Guid[]?, int, int, IAsyncEnumerable<ContactResponse>> CompilePage(string[] sortKeys)
    {
        // Queryable's operators on an EnumerableQuery only build the expression; nothing runs here.
        var sorted = new EnumerableQuery<Contact>(Filtered).OrderByKeys(sortKeys, ContactFilter.SortFields, c => c.Id).Expression;
        var projection = Expression.Lambda<Func<Contact, ContactResponse>>(
            ReplacingExpressionVisitor.Replace(ContactResponse.ProjectionOf.Parameters[0], Db, ContactResponse.ProjectionOf.Body),
            ContactResponse.ProjectionOf.Parameters[1]);
        var page = Expression.Call(typeof(Queryable), nameof(Queryable.Take), [typeof(ContactResponse)],
            Expression.Call(typeof(Queryable), nameof(Queryable.Skip), [typeof(ContactResponse)],
                Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(Contact), typeof(ContactResponse)], sorted, Expression.Quote(projection)),
                Skip),
            Take);
        return EF.CompileAsyncQuery(Expression.Lambda<Func<PlugsDbContext, ContactType?, ContactStatus?, ContactPriority?, string?, string?,
            string?, string?, Guid?, int?, int?, DateTime?, DateTime?, Guid[]?, int, int, IQueryable<ContactResponse>>>(page, [Db, .. Values, Skip, Take]));
    }

    /// <summary><c>db.Contacts.Where(predicate)</c> with the predicate's values replaced by the compiled query's parameters.</summary>
    private static MethodCallExpression BuildFiltered()
    {
        var predicate = ContactFilterValues.Predicate;
        var body = new ValuesToParameters(predicate.Parameters[1], Values.ToDictionary(p => p.Name!))
            .Visit(ReplacingExpressionVisitor.Replace(predicate.Parameters[0], Db, predicate.Body));
        return Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(Contact)],
            Expression.Property(Db, nameof(PlugsDbContext.Contacts)),
            Expression.Quote(Expression.Lambda<Func<Contact, bool>>(body, predicate.Parameters[2])));
    }

    private sealed class ValuesToParameters(ParameterExpression values, Dictionary<string, ParameterExpression> parameters) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == values ? parameters[node.Member.Name] : base.VisitMember(node);
    }
}
