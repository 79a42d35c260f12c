using ClaimStatus.Scoring;
using ClaimStatus.Server.Statuses;

namespace ClaimStatus.Server.Storage;

/// <summary>The evidence log and status history, one implementation per database provider.
/// Lists are keyset-paginated: pass the last key of the previous page.</summary>
public interface IClaimStore
{
    /// <summary>Applies the provider's embedded migrations.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>True when the database answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken ct);

    /// <summary>Null when the database can be read and written now; otherwise what stands in the way. Cheap enough
    /// for every health probe. Without a provider's own check, a database that answers is taken as ready.</summary>
    async Task<StoreFailure?> CheckReadyAsync(CancellationToken ct) =>
        await PingAsync(ct) ? null : StoreFailures.Unavailable;

    /// <summary>Creates or changes a source. recorded_by and updated_at move with a change only: the stored
    /// recorder is the last caller who changed the source, and an unchanged upsert by anyone leaves it.</summary>
    Task<SourceRecord> UpsertSourceAsync(
        string id, string name, SourceKind kind, Grade grade, IReadOnlyList<string> groups, string recordedBy, CancellationToken ct);

    /// <summary>An upsert by no named caller (tools and tests).</summary>
    Task<SourceRecord> UpsertSourceAsync(string id, string name, SourceKind kind, Grade grade, IReadOnlyList<string> groups, CancellationToken ct) =>
        UpsertSourceAsync(id, name, kind, grade, groups, StoreRules.Anonymous, ct);
    Task<SourceRecord?> GetSourceAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<SourceRecord>> ListSourcesAsync(string? afterId, int limit, CancellationToken ct);

    /// <summary>Stores a claim; when the id exists, returns the stored one with Created = false
    /// (the caller decides whether the content matches).</summary>
    Task<(ClaimRecord Claim, bool Created)> CreateClaimAsync(NewClaim claim, CancellationToken ct);
    /// <summary>Stores many claims in one transaction and returns each in the order given. An id already
    /// stored, or given earlier in the batch, with the same text, topics, parties and harmed parties is a replay (Created = false);
    /// with different content it throws <see cref="StoreConflictException"/> with field "[i].id", and nothing
    /// of the batch is stored.</summary>
    Task<IReadOnlyList<(ClaimRecord Claim, bool Created)>> CreateClaimsAsync(IReadOnlyList<NewClaim> claims, CancellationToken ct);
    Task<ClaimRecord?> GetClaimAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<ClaimRecord>> ListClaimsAsync(string? afterId, int limit, Verdict? status, string? topic, CancellationToken ct);

    /// <summary>Appends a batch in one transaction. An existing (claim, key) with the same content is a
    /// replay; with different content it throws <see cref="StoreConflictException"/>. Unknown claims,
    /// sources or relays throw <see cref="MissingReferenceException"/> with field "[i].claim_id" etc.
    /// Nothing of a failed batch is stored.</summary>
    Task<IReadOnlyList<AssertionWrite>> AppendAssertionsAsync(IReadOnlyList<NewAssertion> batch, CancellationToken ct);
    Task<IReadOnlyList<AssertionRecord>> ListAssertionsAsync(string claimId, long? afterId, int limit, CancellationToken ct);

    /// <summary>Stores a claim's adjudication and updates the learned record of every source that
    /// took a stance on the claim. One adjudication per claim: an identical replay returns the stored one
    /// with Created = false; a different one throws <see cref="StoreConflictException"/>.</summary>
    Task<(AdjudicationRecord Adjudication, bool Created)> RecordAdjudicationAsync(NewAdjudication adjudication, CancellationToken ct);
    Task<IReadOnlyList<AdjudicationRecord>> ListAdjudicationsAsync(string? claimId, long? afterId, int limit, CancellationToken ct);

    /// <summary>What the engine needs to score each claim as of a time; missing claims are left out.
    /// Track records count only adjudications decided before asOf, and never the claim's own.</summary>
    Task<IReadOnlyList<ClaimEvidence>> LoadEvidenceAsync(IReadOnlyList<string> claimIds, DateTimeOffset asOf, CancellationToken ct);

    /// <summary>Learned records of the given sources from adjudications decided before asOf,
    /// leaving out one claim's own when excludeClaimId is set. Sources with no record are left out.</summary>
    Task<IReadOnlyDictionary<string, TrackRecord>> LoadTrackRecordsAsync(IReadOnlyList<string> sourceIds, DateTimeOffset asOf, string? excludeClaimId, CancellationToken ct);

    /// <summary>Stores a transition when the claim's status differs from its latest stored one;
    /// returns it, or null when nothing changed.</summary>
    Task<StatusTransitionRecord?> RecordStatusAsync(ClaimAssessment assessment, string cause, DateTimeOffset at, CancellationToken ct);

    /// <summary><see cref="RecordStatusAsync"/> for many claims in one write transaction, in claim id order;
    /// returns the transitions stored. An unknown claim throws <see cref="MissingReferenceException"/> and
    /// nothing of the batch is stored.</summary>
    Task<IReadOnlyList<StatusTransitionRecord>> RecordStatusesAsync(IReadOnlyList<ClaimAssessment> assessments, string cause, DateTimeOffset at, CancellationToken ct);
    Task<IReadOnlyList<StatusTransitionRecord>> ListTransitionsAsync(string claimId, long? afterId, int limit, CancellationToken ct);

    /// <summary>Transitions of any claim stored after the given id, oldest first (feeds watches on every replica).</summary>
    Task<IReadOnlyList<StatusTransitionRecord>> TransitionsAfterAsync(long afterId, int limit, CancellationToken ct);
    Task<long> LatestTransitionIdAsync(CancellationToken ct);

    Task<IReadOnlyList<string>> ClaimIdsWithTopicAsync(string topic, CancellationToken ct);

    /// <summary>Claims (other than the given one) with assertions from any source that took a stance on it:
    /// the claims whose learned trust moves when it is adjudicated.</summary>
    Task<IReadOnlyList<string>> ClaimsSharingSourcesAsync(string claimId, CancellationToken ct);

    /// <summary>Records in one transaction that the claims need rescoring: inserts each one's outbox row or bumps its
    /// version. Every write that can change a status does this itself; this is for repairs and operators.</summary>
    Task EnqueueRescoresAsync(IReadOnlyList<string> claimIds, string cause, CancellationToken ct);

    /// <summary>Up to limit rows of the rescoring outbox, oldest first.</summary>
    Task<IReadOnlyList<PendingRescore>> PendingRescoresAsync(int limit, CancellationToken ct);

    /// <summary>The outbox rows of the given claims; claims with nothing pending are left out.</summary>
    Task<IReadOnlyList<PendingRescore>> PendingRescoresOfAsync(IReadOnlyList<string> claimIds, CancellationToken ct);

    /// <summary>Under the status-write lock, for each claim whose outbox row still has the version read: stores a
    /// transition when its status changed (as <see cref="RecordStatusesAsync"/>, with the row's cause) and deletes
    /// the row. A claim whose row moved on (a newer write) or is gone (rescored already) is left alone, so a
    /// result computed from older evidence never overwrites a newer one. Each stored result also becomes the claim's
    /// kept current assessment (<see cref="CurrentAssessmentsAsync"/>). Returns the transitions stored.</summary>
    Task<IReadOnlyList<StatusTransitionRecord>> RecordRescoredAsync(IReadOnlyList<RescoredClaim> results, DateTimeOffset at, CancellationToken ct);

    /// <summary>The kept current assessments of the given claims that answer a read at <paramref name="now"/>: no
    /// rescoring pending, computed under <paramref name="policyVersion"/>, and now within [computed_at, valid_until).
    /// Claims without such a row are left out (their reads score the evidence). The detail only when full.</summary>
    Task<IReadOnlyList<StoredAssessment>> CurrentAssessmentsAsync(
        IReadOnlyList<string> claimIds, string policyVersion, DateTimeOffset now, bool full, CancellationToken ct);

    /// <summary>Up to limit claims, with nothing pending, whose kept assessment time (valid_until reached) or another
    /// policy made stale.</summary>
    Task<IReadOnlyList<StaleAssessment>> StaleAssessmentsAsync(string policyVersion, DateTimeOffset now, int limit, CancellationToken ct);
}
