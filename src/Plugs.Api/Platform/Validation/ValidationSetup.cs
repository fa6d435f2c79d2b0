using System.Linq.Expressions;
using System.Text.Json;
using Plugs.Api.Platform.Json;

namespace Plugs.Api.Platform.Validation;

public static class ValidationSetup
{
    public static IServiceCollection AddRequestValidation(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) => FieldName(member, expression);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, expression) => FieldName(member, expression);
        return services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
    }

    /// <summary>Validates the body with its FluentValidation validator before the handler runs.</summary>
    public static RouteHandlerBuilder Validates<TRequest>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
            var validator = context.HttpContext.RequestServices.GetService<IValidator<TRequest>>();
            if (request is null || validator is null)
            {
                throw new InvalidOperationException($"{typeof(TRequest).Name} has no body or no validator.");
            }
            var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
            if (!result.IsValid)
            {
                throw new ValidationProblemException(result.Errors
                    .GroupBy(e => e.PropertyName)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
            }
            return await next(context);
        }).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>Error keys are the wire names: <c>x => x.FirstName.Value</c> is reported as <c>first_name</c>.</summary>
    private static string? FieldName(System.Reflection.MemberInfo? member, LambdaExpression? expression)
    {
        var names = new List<string>();
        var node = expression?.Body;
        while (node is MemberExpression m)
        {
            var isPatchValue = m.Member.Name == nameof(PatchValue<int>.Value)
                && m.Expression?.Type is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(PatchValue<>);
            if (!isPatchValue)
            {
                names.Insert(0, JsonNamingPolicy.SnakeCaseLower.ConvertName(m.Member.Name));
            }
            node = m.Expression;
        }
        if (names.Count > 0)
        {
            return string.Join('.', names);
        }
        return member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
    }
}
