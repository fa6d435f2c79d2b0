// Namespaces nearly every feature file needs; anything narrower is imported where it is used.
global using FluentValidation;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.EntityFrameworkCore;
global using Plugs.Api.Platform.Auth;
global using Plugs.Api.Platform.Http;
global using Plugs.Data;
global using Plugs.Api.Platform.Validation;
global using Plugs.Data.Common;
