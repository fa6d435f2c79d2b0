using System.Collections;
using System.Data.Common;

namespace Plugs.Data.Common;

/// <summary>One result set read into memory: its columns as the provider described them and its rows as the provider's values.</summary>
internal sealed class BufferedResult
{
    private BufferedResult(string[] names, Type[] types, string[] typeNames, List<object[]> rows)
    {
        Names = names;
        Types = types;
        TypeNames = typeNames;
        Rows = rows;
    }

    public string[] Names { get; }
    public Type[] Types { get; }
    public string[] TypeNames { get; }
    public List<object[]> Rows { get; }

    public static async Task<BufferedResult> ReadAsync(DbDataReader reader, CancellationToken ct)
    {
        var count = reader.FieldCount;
        var names = new string[count];
        var types = new Type[count];
        var typeNames = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = reader.GetName(i);
            types[i] = reader.GetFieldType(i);
            typeNames[i] = reader.GetDataTypeName(i);
        }
        var rows = new List<object[]>();
        while (await reader.ReadAsync(ct))
        {
            var values = new object[count];
            reader.GetValues(values);
            rows.Add(values);
        }
        return new BufferedResult(names, types, typeNames, rows);
    }

    public DbDataReader Reader() => new BufferedReader(this);

    /// <summary>Reads a buffered result the way EF reads a provider's: by ordinal, typed getters, null checks.</summary>
    private sealed class BufferedReader(BufferedResult result) : DbDataReader
    {
        private int _row = -1;
        private bool _closed;

        private object Value(int ordinal) => result.Rows[_row][ordinal];

        public override T GetFieldValue<T>(int ordinal) => Value(ordinal) is T value ? value : (T)Convert.ChangeType(Value(ordinal), typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        public override object GetValue(int ordinal) => Value(ordinal);
        public override bool IsDBNull(int ordinal) => Value(ordinal) is DBNull;
        public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);
        public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);
        public override char GetChar(int ordinal) => GetFieldValue<char>(ordinal);
        public override DateTime GetDateTime(int ordinal) => GetFieldValue<DateTime>(ordinal);
        public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);
        public override double GetDouble(int ordinal) => GetFieldValue<double>(ordinal);
        public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);
        public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);
        public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);
        public override int GetInt32(int ordinal) => GetFieldValue<int>(ordinal);
        public override long GetInt64(int ordinal) => GetFieldValue<long>(ordinal);
        public override string GetString(int ordinal) => GetFieldValue<string>(ordinal);

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => Copy(GetFieldValue<byte[]>(ordinal), dataOffset, buffer, bufferOffset, length);
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => Copy(GetString(ordinal).ToCharArray(), dataOffset, buffer, bufferOffset, length);

        private static long Copy<T>(T[] source, long offset, T[]? buffer, int bufferOffset, int length)
        {
            if (buffer is null)
            {
                return source.Length;
            }
            var count = (int)Math.Max(0, Math.Min(length, source.Length - offset));
            Array.Copy(source, offset, buffer, bufferOffset, count);
            return count;
        }

        public override int GetValues(object[] values)
        {
            var count = Math.Min(values.Length, FieldCount);
            Array.Copy(result.Rows[_row], values, count);
            return count;
        }

        public override string GetDataTypeName(int ordinal) => result.TypeNames[ordinal];
        public override Type GetFieldType(int ordinal) => result.Types[ordinal];
        public override string GetName(int ordinal) => result.Names[ordinal];
        public override int GetOrdinal(string name) => Array.IndexOf(result.Names, name);
        public override int FieldCount => result.Names.Length;
        public override object this[int ordinal] => GetValue(ordinal);
        public override object this[string name] => GetValue(GetOrdinal(name));
        public override int RecordsAffected => -1;
        public override bool HasRows => result.Rows.Count > 0;
        public override bool IsClosed => _closed;
        public override int Depth => 0;
        public override bool NextResult() => false;
        public override bool Read() => ++_row < result.Rows.Count;
        public override IEnumerator GetEnumerator() => new DbEnumerator(this);

        public override void Close() => _closed = true;
    }
}
