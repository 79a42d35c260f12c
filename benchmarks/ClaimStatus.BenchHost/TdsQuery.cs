using System.Globalization;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.BenchHost;

/// <summary>Runs one statement and prints the first row tab-separated; a datetimeoffset as Unix seconds, so the
/// scripts can subtract two of them.</summary>
static class TdsQuery
{
    public static async Task<int> RunAsync(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 120 };
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return 0;
        var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
        {
            DateTimeOffset t => ((t - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond).ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString(),
        });
        Console.WriteLine(string.Join('\t', fields));
        return 0;
    }
}
