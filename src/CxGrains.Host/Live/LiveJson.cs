using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Live;

/// <summary>
/// Writes contract messages as the JSON/HTTP query API writes them, following the host's
/// transcoding settings (<see cref="GrpcJsonSettings"/>: default values written, int64 as
/// numbers, enums as names unless configured otherwise), so a hub <c>update</c> carries exactly
/// the JSON of <c>GET /v1/segments/{key}</c>. Google's <see cref="JsonFormatter"/> differs there
/// (it writes int64 as strings and drops defaults), hence this small writer over the descriptors.
/// </summary>
public sealed class LiveJson(IOptions<GrpcJsonTranscodingOptions> transcoding)
{
    private readonly GrpcJsonSettings _settings = transcoding.Value.JsonSettings;

    /// <summary>The message as a JSON element that SignalR's JSON protocol writes verbatim.</summary>
    public JsonElement ToElement(IMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteMessage(writer, message);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private void WriteMessage(Utf8JsonWriter writer, IMessage message)
    {
        if (message is Timestamp timestamp)
        {
            // Protobuf's RFC 3339 text (0, 3, 6 or 9 fractional digits), as the transcoder writes it.
            writer.WriteRawValue(JsonFormatter.Default.Format(timestamp));
            return;
        }

        writer.WriteStartObject();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (!ShouldWrite(message, field, value))
            {
                continue;
            }

            writer.WritePropertyName(field.JsonName);
            if (field.IsMap)
            {
                throw new NotSupportedException($"Map field {field.FullName} is not used by live views.");
            }

            if (field.IsRepeated)
            {
                writer.WriteStartArray();
                foreach (var item in (System.Collections.IList)value)
                {
                    WriteValue(writer, field, item);
                }

                writer.WriteEndArray();
            }
            else
            {
                WriteValue(writer, field, value);
            }
        }

        writer.WriteEndObject();
    }

    // Mirrors the transcoder: fields with presence (messages, optionals) only when set; others
    // always unless IgnoreDefaultValues.
    private bool ShouldWrite(IMessage message, FieldDescriptor field, object? value)
    {
        if (field.HasPresence)
        {
            return field.Accessor.HasValue(message);
        }

        if (!_settings.IgnoreDefaultValues)
        {
            return true;
        }

        return value switch
        {
            null => false,
            System.Collections.ICollection collection => collection.Count > 0,
            string s => s.Length > 0,
            ByteString b => b.Length > 0,
            bool b => b,
            System.Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture) != 0,
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0,
        };
    }

    private void WriteValue(Utf8JsonWriter writer, FieldDescriptor field, object? value)
    {
        switch (field.FieldType)
        {
            case FieldType.Message or FieldType.Group:
                WriteMessage(writer, (IMessage)value!);
                break;
            case FieldType.Enum:
                var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                var name = field.EnumType.FindValueByNumber(number)?.Name;
                if (_settings.WriteEnumsAsIntegers || name is null)
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(name);
                }

                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                WriteInt64(writer, (long)value!);
                break;
            case FieldType.UInt64 or FieldType.Fixed64:
                var unsigned = (ulong)value!;
                if (_settings.WriteInt64sAsStrings)
                {
                    writer.WriteStringValue(unsigned.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteNumberValue(unsigned);
                }

                break;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                writer.WriteNumberValue((int)value!);
                break;
            case FieldType.UInt32 or FieldType.Fixed32:
                writer.WriteNumberValue((uint)value!);
                break;
            case FieldType.Double or FieldType.Float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(d))
                {
                    writer.WriteNumberValue(d);
                }
                else
                {
                    writer.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case FieldType.Bool:
                writer.WriteBooleanValue((bool)value!);
                break;
            case FieldType.String:
                writer.WriteStringValue((string)value!);
                break;
            case FieldType.Bytes:
                writer.WriteBase64StringValue(((ByteString)value!).Span);
                break;
            default:
                throw new NotSupportedException($"Field type {field.FieldType} of {field.FullName}.");
        }
    }

    private void WriteInt64(Utf8JsonWriter writer, long value)
    {
        if (_settings.WriteInt64sAsStrings)
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }
}
