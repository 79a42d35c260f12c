using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Tests.Storage;

// A store may reuse what it read for a claim (the SQLite one does); whatever it does, reading the same
// claim again must see every write since and every stored time the new as-of time crosses.
public abstract partial class ClaimStoreTests
{
    [StoreFact]
    public async Task Reading_a_claim_again_sees_every_write_and_every_time_it_crosses()
    {
        await Claim("c");
        await Claim("other");
        await Source("s");
        await Source("t");
        await store.AppendAssertionsAsync(
            [Says("c", "s", Stance.Supports, 1, "k1"), Says("c", "t", Stance.Refutes, 3, "k2"), Says("other", "s", Stance.Supports, 1, "k")], None);
        async Task<ClaimEvidence> At(double day) => Assert.Single(await store.LoadEvidenceAsync([p + "c"], Day(day), None));

        Assert.Single((await At(2)).Assertions);
        var again = await At(2.5);
        Assert.Equal((1, Day(2.5)), (again.Assertions.Count, again.AsOf));
        Assert.Equal(2, (await At(3)).Assertions.Count);
        Assert.Single((await At(2)).Assertions);

        await store.UpsertSourceAsync(p + "s", "Source s", SourceKind.NewsOutlet, Grade.E, [], None);
        Assert.Equal(Grade.E, (await At(3)).Sources[p + "s"].Grade);

        await store.AppendAssertionsAsync([Says("c", "s", Stance.Refutes, 2.2, "k3")], None);
        Assert.Equal(3, (await At(3)).Assertions.Count);

        // What s learns from "other" counts only after its decision (strictly).
        await Adjudicate("other", Truth.True, 4);
        Assert.Empty((await At(3.5)).TrackRecords);
        Assert.Equal(Track(supportsRight: 1), (await At(4.5)).TrackRecords[p + "s"]);
        Assert.Empty((await At(4)).TrackRecords);

        await Adjudicate("c", Truth.False, 6);
        Assert.Null((await At(5.9)).Adjudication);
        Assert.Equal(Truth.False, (await At(6)).Adjudication!.Truth);
        Assert.Equal(Track(supportsRight: 1), (await At(7)).TrackRecords[p + "s"]);
    }
}
