using System.Linq.Expressions;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

public sealed record IntroductionResponse(
    Guid Id, Guid RequestedBy, Guid PlugContactId, Guid TargetContactId, IntroductionStatus Status, string? Message,
    string? Outcome, DateTime RequestedAt, DateTime? RespondedAt, DateTime? MadeAt, DateTime? CompletedAt,
    Guid? CreatedBy, Guid? UpdatedBy, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<Introduction, IntroductionResponse>> Projection = i => new IntroductionResponse(
        i.Id, i.RequestedBy, i.PlugContactId, i.TargetContactId, i.Status, i.Message, i.Outcome, i.RequestedAt, i.RespondedAt,
        i.MadeAt, i.CompletedAt, i.CreatedBy, i.UpdatedBy, i.CreatedAt, i.UpdatedAt);

    private static readonly Func<Introduction, IntroductionResponse> Compiled = Projection.Compile();

    public static IntroductionResponse From(Introduction introduction) => Compiled(introduction);
}
