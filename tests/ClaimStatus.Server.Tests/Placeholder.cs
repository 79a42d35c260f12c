namespace ClaimStatus.Server.Tests;
