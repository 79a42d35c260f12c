using ClaimStatus.Contracts.V1;
using ClaimStatus.Scoring;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

/// <summary>One watch stream: the initial statuses (or a replay after a resume point), then the live changes.
/// Every transition it sends has a greater id than the message before it, which is what makes
/// <c>transition_id</c> a resume point.</summary>
sealed class WatchSession(
    IClaimStore store, StatusReader statusReader, ClaimTopics claimTopics, WatchOptions options,
    IServerStreamWriter<WatchStatusResponse> stream, string? topic)
{
    const int ReplayPage = 1000;
    const int MaxIgnored = 10_000;

    // Per watched claim: the highest transition id its last message already reflects, and the status
    // the client holds (null until the first message of that claim).
    readonly Dictionary<string, (long ReflectedId, Verdict? Status)> _claims = new(StringComparer.Ordinal);
    // Claims seen not to carry the topic; bounded, since every claim in the store may pass by.
    readonly HashSet<string> _ignored = new(StringComparer.Ordinal);
    // Transitions at or below this id were sent or are reflected in what was sent.
    long _floor;

    public async Task RunAsync(IReadOnlyList<string> claimIds, long resumeAfter, TransitionFeed.Subscription subscription,
        CancellationToken ct)
    {
        // The resume point is read before the claims are listed: a claim created after the listing (so without an
        // initial status) then has its first transition above it, and joins the watch through the live feed.
        var floor = resumeAfter == 0 ? await store.LatestTransitionIdAsync(ct) : 0;
        var ids = topic is null ? await ExistingAsync(claimIds, ct) : await TopicClaimsAsync(topic, ct);
        if (resumeAfter == 0) await SendInitialAsync(ids, floor, ct);
        else await ReplayAsync(ids, resumeAfter, ct);

        await foreach (var transition in subscription.Reader.ReadAllAsync(ct))
        {
            if (transition.Id > _floor) await OfferAsync(transition, ct);
        }
    }

    async Task SendInitialAsync(IReadOnlyList<string> ids, long floor, CancellationToken ct)
    {
        // Everything stored up to the floor is reflected in every status assessed after it.
        _floor = floor;
        for (var start = 0; start < ids.Count; start += options.InitialPageSize)
        {
            var page = ids.Skip(start).Take(options.InitialPageSize).ToList();
            // Read before assessing: a transition stored up to here is in this page's evidence already.
            var reflected = await store.LatestTransitionIdAsync(ct);
            var reports = await statusReader.ReadAsync(page, asOf: null, full: false, ct);
            foreach (var id in page)
            {
                if (!reports.TryGetValue(id, out var report)) continue;
                _claims[id] = (reflected, Mapping.ToEngine(report.Status));
                await stream.WriteAsync(new WatchStatusResponse { Status = report, TransitionId = _floor }, ct);
            }
        }
    }

    async Task ReplayAsync(IReadOnlyList<string> ids, long resumeAfter, CancellationToken ct)
    {
        var latest = await store.LatestTransitionIdAsync(ct);
        if (resumeAfter > latest)
            throw RequestErrors.InvalidArgument([("resume_after", $"is after the latest stored transition ({latest})")]);
        foreach (var id in ids) _claims[id] = (0, null);
        _floor = resumeAfter;
        while (true)
        {
            var batch = await store.TransitionsAfterAsync(_floor, ReplayPage, ct);
            foreach (var transition in batch) await OfferAsync(transition, ct);
            if (batch.Count == 0) return;
            _floor = batch[^1].Id;
        }
    }

    async Task OfferAsync(StatusTransitionRecord transition, CancellationToken ct)
    {
        if (!_claims.TryGetValue(transition.ClaimId, out var seen))
        {
            if (!await JoinsTopicAsync(transition.ClaimId, ct)) return;
            seen = (0, null);
        }
        // Already reflected: stored before the claim's status was read, or a change to the status the
        // client already holds (rescoring stored it after the read that gave that status).
        if (transition.Id <= seen.ReflectedId || transition.To == seen.Status) return;
        _claims[transition.ClaimId] = (transition.Id, transition.To);

        var current = await statusReader.ReadAsync([transition.ClaimId], asOf: null, full: false, ct);
        if (!current.TryGetValue(transition.ClaimId, out var report)) return;
        await stream.WriteAsync(new WatchStatusResponse
        {
            Status = report,
            Transition = Mapping.ToContract(transition),
            TransitionId = transition.Id,
        }, ct);
    }

    /// <summary>Claims created after the watch began join it when they carry the topic.</summary>
    async Task<bool> JoinsTopicAsync(string claimId, CancellationToken ct)
    {
        if (topic is null || _ignored.Contains(claimId)) return false;
        var topics = await claimTopics.OfAsync(claimId, ct);
        if (topics is null || !topics.Contains(topic))
        {
            if (_ignored.Count >= MaxIgnored) _ignored.Clear();
            _ignored.Add(claimId);
            return false;
        }
        if (_claims.Count >= options.MaxClaimsPerWatch) TooManyClaims(topic);
        return true;
    }

    async Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyList<string> claimIds, CancellationToken ct)
    {
        var ids = claimIds.Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            if (await store.GetClaimAsync(id, ct) is null) RequestErrors.NotFound("claim", id);
        }
        return ids;
    }

    /// <summary>The topic's claim ids, read a page at a time; only the ids are kept.</summary>
    async Task<IReadOnlyList<string>> TopicClaimsAsync(string topic, CancellationToken ct)
    {
        var ids = new List<string>();
        const int page = 1000;
        string? after = null;
        while (true)
        {
            var claims = await store.ListClaimsAsync(after, page, null, topic, ct);
            ids.AddRange(claims.Select(c => c.Id));
            if (ids.Count > options.MaxClaimsPerWatch) TooManyClaims(topic);
            if (claims.Count < page) return ids;
            after = claims[^1].Id;
        }
    }

    void TooManyClaims(string topic) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.FailedPrecondition,
        $"topic '{topic}' has more than {options.MaxClaimsPerWatch} claims, the most one watch may cover " +
        "(Watch:MaxClaimsPerWatch); watch narrower topics or lists of claim ids"));
}
