using Plugs.Api.Platform.Json;
using System.Linq.Expressions;
using System.Text.Json;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Interactions;

public sealed record InteractionResponse(
    Guid Id, Guid ContactId, Guid UserId, InteractionType InteractionType, string? Subject, string? Description,
    string? Outcome, DateTime InteractionDate, InteractionStatus Status, JsonColumn Metadata, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<ContactInteraction, InteractionResponse>> Projection = i => new InteractionResponse(
        i.Id, i.ContactId, i.UserId, i.InteractionType, i.Subject, i.Description, i.Outcome, i.InteractionDate, i.Status,
        JsonColumn.Read(i.Metadata), i.CreatedAt, i.UpdatedAt);

    public static InteractionResponse From(ContactInteraction i) => new(
        i.Id, i.ContactId, i.UserId, i.InteractionType, i.Subject, i.Description, i.Outcome, i.InteractionDate, i.Status,
        JsonColumn.Read(i.Metadata), i.CreatedAt, i.UpdatedAt);

}
