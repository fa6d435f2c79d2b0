using System.Buffers.Binary;
using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Auth;

namespace Plugs.Api.Tests.Auth;

/// <summary>The suite hashes with fewer rounds for speed; the shipped default must be OWASP's.</summary>
public sealed class PasswordHashingTests
{
    [Fact]
    public void The_default_is_PBKDF2_HMAC_SHA512_with_210000_iterations_and_a_random_salt()
    {
        var hashing = new PasswordHashing(Options.Create(new AuthOptions()));
        var hash = Convert.FromBase64String(hashing.Hash("correct horse battery staple"));
        // ASP.NET Core Identity v3 format: 0x01 | prf (uint32 BE) | iterations | salt length | salt | subkey
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1))); // 2 = HMACSHA512
        Assert.Equal(210_000u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));
        Assert.NotEqual(hashing.Hash("same"), hashing.Hash("same"));
        Assert.Equal(PasswordCheck.Valid, hashing.Verify(hashing.Hash("pw one"), "pw one"));
        Assert.Equal(PasswordCheck.Invalid, hashing.Verify(hashing.Hash("pw one"), "pw two"));
    }

    [Fact]
    public void A_hash_made_with_fewer_iterations_verifies_and_asks_for_a_rehash()
    {
        var weak = new PasswordHashing(Options.Create(new AuthOptions { PasswordHashIterations = 1000 }));
        var strong = new PasswordHashing(Options.Create(new AuthOptions()));
        Assert.Equal(PasswordCheck.ValidNeedsRehash, strong.Verify(weak.Hash("pw"), "pw"));
    }
}
