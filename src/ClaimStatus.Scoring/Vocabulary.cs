namespace ClaimStatus.Scoring;

// The engine's own vocabulary, mirroring design.md. Generated gRPC types never enter the engine.

public enum SourceKind
{
    Government, IntelligenceAgency, Military, InternationalOrganization, Investigation,
    NewsAgency, NewsOutlet, Ngo, Company, Individual, Other,
}

/// <summary>NATO Admiralty reliability grade.</summary>
public enum Grade { A, B, C, D, E, F }

public enum Stance { Supports, Refutes, CannotConfirm, Reports }

public enum Hedge { Certain, Probable, Possible }

public enum EvidenceKind
{
    OfficialStatement, Intelligence, Inspection, Investigation, TechnicalAnalysis,
    OpenSource, NewsReport, Eyewitness, Document, Other,
}

public enum Truth { True, False }

/// <summary>A claim's status: the engine's answer.</summary>
public enum Verdict { Unverified, Confirmed, Denied }
