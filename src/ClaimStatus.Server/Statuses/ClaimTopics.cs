using System.Collections.Concurrent;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Statuses;

/// <summary>The topics of the claims that pass through the live feed, read from the store once for every topic watch.
/// Each topic watch must learn whether a changed claim it does not hold carries its topic; read per watch, 2,500
/// topic watches made 2,500 reads of every changed claim (benchmarks/watch-fanout.sh). A claim's topics never change
/// once it exists (creating it again with other topics is refused), so a kept answer stays true; an absent claim is
/// not kept, since it may be created next.</summary>
public sealed class ClaimTopics(IClaimStore store)
{
    // Bounded like a watch's own set of ignored claims: past this, start again rather than grow with the store.
    const int MaxClaims = 100_000;
    readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>?>>> _topics = new(StringComparer.Ordinal);

    /// <summary>The claim's topics, or null when no such claim is stored.</summary>
    public async Task<IReadOnlyList<string>?> OfAsync(string claimId, CancellationToken ct)
    {
        if (_topics.Count >= MaxClaims) _topics.Clear();
        var entry = _topics.GetOrAdd(claimId, id => new Lazy<Task<IReadOnlyList<string>?>>(() => ReadAsync(id)));
        try
        {
            var topics = await entry.Value.WaitAsync(ct);
            if (topics is null) _topics.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<string>?>>>(claimId, entry));
            return topics;
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            // A failed read is not kept either: the next watch that asks reads again.
            _topics.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<string>?>>>(claimId, entry));
            throw;
        }
    }

    // Shared by every watch that asks, so no one watch's cancellation may cancel it.
    async Task<IReadOnlyList<string>?> ReadAsync(string claimId) => (await store.GetClaimAsync(claimId, CancellationToken.None))?.Topics;
}
