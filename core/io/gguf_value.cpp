#include "core/io/gguf_value.h"
#include "core/common/enum_names.h"

#include <cassert>
#include <utility>

namespace persona::io {

namespace {
constexpr EnumName<GgufValueType> kGgufValueTypeNames[] = {
    {GgufValueType::UInt8, "uint8"},     {GgufValueType::Int8, "int8"},       {GgufValueType::UInt16, "uint16"},
    {GgufValueType::Int16, "int16"},     {GgufValueType::UInt32, "uint32"},   {GgufValueType::Int32, "int32"},
    {GgufValueType::Float32, "float32"}, {GgufValueType::Bool, "bool"},       {GgufValueType::String, "string"},
    {GgufValueType::Array, "array"},     {GgufValueType::UInt64, "uint64"},   {GgufValueType::Int64, "int64"},
    {GgufValueType::Float64, "float64"}};
} // namespace

const char* ggufValueTypeName(GgufValueType type)
{
    return enumName(kGgufValueTypeNames, type);
}

bool isValidGgufValueType(std::uint32_t id)
{
    return id <= static_cast<std::uint32_t>(GgufValueType::Float64);
}

bool isIntegerType(GgufValueType type)
{
    switch (type) {
    case GgufValueType::UInt8: case GgufValueType::Int8: case GgufValueType::UInt16:
    case GgufValueType::Int16: case GgufValueType::UInt32: case GgufValueType::Int32:
    case GgufValueType::UInt64: case GgufValueType::Int64:
        return true;
    default:
        return false;
    }
}

bool isSignedIntegerType(GgufValueType type)
{
    return type == GgufValueType::Int8 || type == GgufValueType::Int16
        || type == GgufValueType::Int32 || type == GgufValueType::Int64;
}

bool isFloatType(GgufValueType type)
{
    return type == GgufValueType::Float32 || type == GgufValueType::Float64;
}

std::uint32_t ggufScalarSize(GgufValueType type)
{
    switch (type) {
    case GgufValueType::UInt8: case GgufValueType::Int8: case GgufValueType::Bool: return 1;
    case GgufValueType::UInt16: case GgufValueType::Int16: return 2;
    case GgufValueType::UInt32: case GgufValueType::Int32: case GgufValueType::Float32: return 4;
    case GgufValueType::UInt64: case GgufValueType::Int64: case GgufValueType::Float64: return 8;
    case GgufValueType::String: case GgufValueType::Array: return 0;
    }
    return 0;
}

GgufValue GgufValue::ofInteger(GgufValueType type, std::int64_t value)
{
    assert(isIntegerType(type));
    GgufValue v;
    v.type = type;
    v.bits = static_cast<std::uint64_t>(value);
    return v;
}

GgufValue GgufValue::ofUInt64(std::uint64_t value)
{
    GgufValue v;
    v.type = GgufValueType::UInt64;
    v.bits = value;
    return v;
}

GgufValue GgufValue::ofFloat32(float value)
{
    GgufValue v;
    v.type = GgufValueType::Float32;
    v.real = value;
    return v;
}

GgufValue GgufValue::ofFloat64(double value)
{
    GgufValue v;
    v.type = GgufValueType::Float64;
    v.real = value;
    return v;
}

GgufValue GgufValue::ofBool(bool value)
{
    GgufValue v;
    v.type = GgufValueType::Bool;
    v.bits = value ? 1 : 0;
    return v;
}

GgufValue GgufValue::ofString(std::string value)
{
    GgufValue v;
    v.type = GgufValueType::String;
    v.text = std::move(value);
    return v;
}

GgufValue GgufValue::ofArray(GgufValueType elementType, std::vector<GgufValue> items)
{
    GgufValue v;
    v.type = GgufValueType::Array;
    v.elementType = elementType;
    for ([[maybe_unused]] const auto& item : items)
        assert(item.type == elementType);
    v.items = std::move(items);
    return v;
}

GgufValue GgufValue::ofStrings(const std::vector<std::string>& values)
{
    std::vector<GgufValue> items;
    items.reserve(values.size());
    for (const auto& s : values)
        items.push_back(ofString(s));
    return ofArray(GgufValueType::String, std::move(items));
}

GgufValue GgufValue::ofIntegers(GgufValueType elementType, const std::vector<std::int64_t>& values)
{
    std::vector<GgufValue> items;
    items.reserve(values.size());
    for (auto x : values)
        items.push_back(ofInteger(elementType, x));
    return ofArray(elementType, std::move(items));
}

GgufValue GgufValue::ofFloats(const std::vector<float>& values)
{
    std::vector<GgufValue> items;
    items.reserve(values.size());
    for (auto x : values)
        items.push_back(ofFloat32(x));
    return ofArray(GgufValueType::Float32, std::move(items));
}

bool GgufValue::operator==(const GgufValue& other) const
{
    if (type != other.type)
        return false;
    if (isIntegerType(type) || type == GgufValueType::Bool)
        return bits == other.bits;
    if (isFloatType(type))
        return real == other.real;
    if (type == GgufValueType::String)
        return text == other.text;
    return elementType == other.elementType && items == other.items;
}

} // namespace persona::io
