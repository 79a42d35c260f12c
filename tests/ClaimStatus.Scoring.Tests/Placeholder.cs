namespace ClaimStatus.Scoring.Tests;
