namespace ClaimStatus.Server.Storage;

// Replaced by the storage providers' registration when they land.
public static class StorageRegistrationStub
{
    public static IServiceCollection AddClaimStatusStorage(this IServiceCollection services, IConfiguration configuration) => services;
}
